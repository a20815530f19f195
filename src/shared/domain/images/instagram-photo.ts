import { sharp } from './sharp-memory.ts';

/**
 * A user's photo as Instagram takes it for a feed or carousel image: JPEG, 1080 px wide (inside
 * 320–1440), aspect ratio clamped to 4:5 … 1.91:1. A photo outside that range is PADDED with
 * white bars (letterboxed), never cropped: an ad photo often shows the product or a sign right
 * at its edge, and losing it is worse than the bars. EXIF orientation is applied first.
 */
export const INSTAGRAM_PHOTO_WIDTH = 1080;
const MIN_RATIO = 4 / 5;
const MAX_RATIO = 1.91;
const MAX_HEIGHT = Math.round(INSTAGRAM_PHOTO_WIDTH / MIN_RATIO);

export interface InstagramPhoto {
  readonly jpeg: Buffer;
  readonly width: number;
  readonly height: number;
}

export async function toInstagramPhoto(input: Buffer): Promise<InstagramPhoto> {
  const meta = await sharp(input).metadata();
  const sourceWidth = meta.autoOrient?.width ?? meta.width;
  const sourceHeight = meta.autoOrient?.height ?? meta.height;
  if (!sourceWidth || !sourceHeight) throw new Error('the photo has no readable dimensions');
  const ratio = Math.min(MAX_RATIO, Math.max(MIN_RATIO, sourceWidth / sourceHeight));
  const width = INSTAGRAM_PHOTO_WIDTH;
  // Rounded up: the result's ratio never goes above 1.91 (and 1350 is exactly 4:5).
  const height = Math.min(MAX_HEIGHT, Math.ceil(width / ratio));
  const jpeg = await sharp(input)
    .rotate()
    .resize(width, height, { fit: 'contain', background: '#ffffff' })
    .flatten({ background: '#ffffff' })
    .jpeg({ quality: 85, mozjpeg: true })
    .toBuffer();
  return { jpeg, width, height };
}
