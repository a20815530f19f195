import { createInstagramPublisher } from './instagram-container-flow.ts';

/**
 * `instagram_feed`: the 1080×1350 image with the caption (≤2200 characters, ≤5 hashtags); an ad
 * with 2–10 photos is one carousel of the submitter's photos with the caption instead.
 */
export const publishInstagramFeed = createInstagramPublisher({ variant: 'feed', mediaType: 'IMAGE', caption: true, album: 'carousel' });
