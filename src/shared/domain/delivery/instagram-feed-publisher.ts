import { createInstagramPublisher } from './instagram-container-flow.ts';

/** `instagram_feed`: the 1080×1350 image with the caption (≤2200 characters, ≤5 hashtags). */
export const publishInstagramFeed = createInstagramPublisher({ variant: 'feed', mediaType: 'IMAGE', caption: true });
