import { createInstagramPublisher } from './instagram-container-flow.ts';

/**
 * `instagram_story`: the 1080×1920 image as a story (stories take no caption); for an ad with
 * 2–10 photos, the first photo.
 */
export const publishInstagramStory = createInstagramPublisher({ variant: 'story', mediaType: 'STORIES', caption: false, album: 'first_photo' });
