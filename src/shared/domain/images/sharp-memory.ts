import sharp from 'sharp';

/**
 * libvips settings for a small always-on process (DESIGN.md: each process < 200 MB). Every image
 * is rendered once, so libvips' operation cache (up to 50 MB by default) only holds memory;
 * one libvips worker thread per image keeps the bot's peak low while the job worker renders
 * several ads at once (it is the job concurrency, not libvips threads, that gives throughput).
 * Imported by every module that uses sharp, so the settings apply before the first image.
 */
sharp.cache(false);
sharp.concurrency(1);

export { sharp };
