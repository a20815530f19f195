import fs from 'node:fs/promises';
import path from 'node:path';
import type { OverlayOptions } from 'sharp';
import { sharp } from './sharp-memory.ts';
import { VARIANT_SIZES, type ImageLayout, type ImageVariant, type Panel, type TextBlock } from './image-template.ts';
import { baseDirection, normalizeAdText, westernDigits } from './bidi-text.ts';
import { fitText, type FittedText } from './text-fit.ts';

/** What an ad image shows. */
export interface AdImageContent {
  readonly category: string;
  readonly text: string;
  readonly phone: string | null;
}

export interface RenderOptions {
  /** Where a layout's background image path is looked up (the media folder). */
  readonly mediaRoot?: string;
  readonly quality?: number;
}

/** Renders one variant of an ad image as JPEG at the variant's exact size. */
export async function renderAdImage(layout: ImageLayout, variant: ImageVariant, content: AdImageContent, options: RenderOptions = {}): Promise<Buffer> {
  const { width, height } = VARIANT_SIZES[variant];
  const background = await renderBackground(layout, width, height, options.mediaRoot);
  const texts = await Promise.all([
    fitText(content.category, layout.category, { singleLine: true }),
    fitText(normalizeAdText(content.text), layout.text),
    content.phone ? fitText(westernDigits(content.phone), layout.phone, { singleLine: true }) : Promise.resolve(null),
  ]);
  const overlays: OverlayOptions[] = [];
  if (layout.panels.length) overlays.push({ input: Buffer.from(panelsSvg(layout.panels, width, height)), left: 0, top: 0 });
  const blocks: Array<[FittedText | null, TextBlock, string]> = [
    [texts[0], layout.category, content.category],
    [texts[1], layout.text, content.text],
    [texts[2], layout.phone, content.phone ?? ''],
  ];
  for (const [fitted, block, source] of blocks) {
    if (!fitted) continue;
    const overlay = await placeInBlock(fitted, block, baseDirection(source), width, height);
    if (overlay) overlays.push(overlay);
  }
  return sharp(background)
    .composite(overlays)
    .flatten({ background: layout.background.color.slice(0, 7) })
    .jpeg({ quality: options.quality ?? 90, chromaSubsampling: '4:4:4' })
    .toBuffer();
}

async function renderBackground(layout: ImageLayout, width: number, height: number, mediaRoot: string | undefined): Promise<Buffer> {
  const { color, gradientTo, image } = layout.background;
  if (image && mediaRoot) {
    const file = path.resolve(mediaRoot, image);
    if (file.startsWith(path.resolve(mediaRoot) + path.sep)) {
      const data = await fs.readFile(file).catch(() => null);
      if (data) return sharp(data).rotate().resize(width, height, { fit: 'cover', position: 'centre' }).png().toBuffer();
    }
  }
  const svg = gradientTo
    ? `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${color.slice(0, 7)}"/><stop offset="1" stop-color="${gradientTo.slice(0, 7)}"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/></svg>`
    : `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="${color.slice(0, 7)}"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

function panelsSvg(panels: readonly Panel[], width: number, height: number): string {
  const rects = panels
    .map((p) => `<rect x="${p.x}" y="${p.y}" width="${p.width}" height="${p.height}" rx="${p.radius}" ry="${p.radius}" fill="${p.color.slice(0, 7)}" fill-opacity="${opacityOf(p.color)}"/>`)
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${rects}</svg>`;
}

function opacityOf(color: string): string {
  return color.length === 9 ? (parseInt(color.slice(7, 9), 16) / 255).toFixed(3) : '1';
}

/** Positions the text in its block (start/end follow the text direction), clipped to the canvas. */
async function placeInBlock(fitted: FittedText, block: TextBlock, direction: 'rtl' | 'ltr', canvasWidth: number, canvasHeight: number): Promise<OverlayOptions | null> {
  const slack = block.width - fitted.width;
  const atRight = (block.align === 'start' && direction === 'rtl') || (block.align === 'end' && direction === 'ltr');
  const atLeft = (block.align === 'start' && direction === 'ltr') || (block.align === 'end' && direction === 'rtl');
  const left = block.x + (atRight ? slack : atLeft ? 0 : Math.round(slack / 2));
  const top = block.y + Math.round((block.height - fitted.height) / 2);
  const visibleLeft = Math.max(0, left);
  const visibleTop = Math.max(0, top);
  const visibleWidth = Math.min(canvasWidth, left + fitted.width) - visibleLeft;
  const visibleHeight = Math.min(canvasHeight, top + fitted.height) - visibleTop;
  if (visibleWidth <= 0 || visibleHeight <= 0) return null;
  if (visibleWidth === fitted.width && visibleHeight === fitted.height) return { input: fitted.image, left, top };
  const input = await sharp(fitted.image)
    .extract({ left: visibleLeft - left, top: visibleTop - top, width: visibleWidth, height: visibleHeight })
    .png()
    .toBuffer();
  return { input, left: visibleLeft, top: visibleTop };
}
