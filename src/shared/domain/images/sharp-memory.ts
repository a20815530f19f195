import sharp from 'sharp';

/**
 * libvips settings for a small always-on process (DESIGN.md: each process < 200 MB). Every image
 * is rendered once, so libvips' operation cache (up to 50 MB by default) only holds memory;
 * one libvips worker thread per image, as the job worker already renders several ads at once.
 * A modest gain (the bot's peak in `npm run bench -- --quick`: about 580 → 525 MB); the rest of
 * that peak is the images being rendered.
 * Imported by every module that uses sharp, so the settings apply before the first image.
 */
sharp.cache(false);
sharp.concurrency(1);

export { sharp };
