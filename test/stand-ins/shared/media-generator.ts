import sharp from 'sharp';

export interface ImageOptions {
  readonly width?: number;
  readonly height?: number;
  /** Background colour, e.g. '#3366cc'. */
  readonly color?: string;
}

function canvas(width: number, height: number, color: string): ReturnType<typeof sharp> {
  const stripe = Buffer.from(
    `<svg width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">` +
      `<rect width="100%" height="100%" fill="${color}"/>` +
      `<rect x="0" y="${Math.round(height / 3)}" width="100%" height="${Math.max(1, Math.round(height / 6))}" fill="#ffffff" opacity="0.5"/>` +
      `</svg>`,
  );
  return sharp(stripe);
}

/** A small real JPEG (default 800×600). */
export function makeJpeg(options: ImageOptions = {}): Promise<Buffer> {
  return canvas(options.width ?? 800, options.height ?? 600, options.color ?? '#3366cc').jpeg({ quality: 80 }).toBuffer();
}

/** A real PNG. */
export function makePng(options: ImageOptions = {}): Promise<Buffer> {
  return canvas(options.width ?? 800, options.height ?? 600, options.color ?? '#33cc66').png().toBuffer();
}

/** A 512×512 WebP, the shape of a regular sticker. */
export function makeWebpSticker(): Promise<Buffer> {
  return canvas(512, 512, '#ffcc00').webp().toBuffer();
}

/** A small real GIF. */
export function makeGif(options: ImageOptions = {}): Promise<Buffer> {
  return canvas(options.width ?? 320, options.height ?? 240, options.color ?? '#cc3366').gif().toBuffer();
}
