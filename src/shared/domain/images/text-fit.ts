import { sharp } from './sharp-memory.ts';
import type { TextBlock } from './image-template.ts';
import { fontFor } from './font-files.ts';
import { escapeMarkup } from './bidi-text.ts';

/**
 * Lays a text out inside a block with real shaping (sharp's text input: Pango + HarfBuzz +
 * FriBidi, so Persian letters join and lines run right to left): tries the block's font size,
 * shrinks step by step down to `minFontSize`, and when even that is too tall (or too wide for a
 * one-line block) shortens the text at a word boundary and ends it with an ellipsis.
 */
export interface FittedText {
  /** PNG with transparency, tightly cropped to the text. */
  readonly image: Buffer;
  readonly width: number;
  readonly height: number;
  readonly fontSize: number;
  readonly truncated: boolean;
}

export interface FitOptions {
  /** One line only (category, phone): never wrapped, shortened instead. */
  readonly singleLine?: boolean;
}

const ELLIPSIS = '…';
const SHRINK_STEP = 0.9;

export async function fitText(text: string, block: TextBlock, options: FitOptions = {}): Promise<FittedText | null> {
  const clean = text.trim();
  if (!clean) return null;
  const sizes = fontSizes(block);
  for (const size of sizes) {
    const rendered = await renderText(clean, block, size, options);
    if (fits(rendered, block)) return { ...rendered, fontSize: size, truncated: false };
  }
  const smallest = sizes[sizes.length - 1] ?? block.fontSize;
  return shorten(clean, block, smallest, options);
}

function fontSizes(block: TextBlock): number[] {
  const min = Math.min(block.minFontSize ?? block.fontSize, block.fontSize);
  const sizes: number[] = [];
  for (let size = block.fontSize; size > min; size = Math.floor(size * SHRINK_STEP)) sizes.push(size);
  sizes.push(min);
  return sizes;
}

function fits(rendered: { width: number; height: number }, block: TextBlock): boolean {
  return rendered.height <= block.height && rendered.width <= block.width;
}

/** Longest prefix that fits with an ellipsis: whole words first, single characters if no word fits. */
async function shorten(text: string, block: TextBlock, size: number, options: FitOptions): Promise<FittedText | null> {
  const words = text.split(/(?<=\s)/u);
  const byWords = words.length > 1 ? await longestFitting(words, block, size, options) : null;
  return byWords ?? longestFitting(Array.from(text), block, size, options);
}

/** Binary search over how many units (words or characters) to keep. */
async function longestFitting(units: readonly string[], block: TextBlock, size: number, options: FitOptions): Promise<FittedText | null> {
  let low = 1;
  let high = units.length - 1;
  let best: FittedText | null = null;
  while (low <= high) {
    const middle = Math.floor((low + high) / 2);
    const kept = units.slice(0, middle).join('').trimEnd().replace(/[\s.,،؛:;!?\-]+$/u, '');
    const rendered = kept ? await renderText(`${kept}${ELLIPSIS}`, block, size, options) : null;
    if (rendered && fits(rendered, block)) {
      best = { ...rendered, fontSize: size, truncated: true };
      low = middle + 1;
    } else high = middle - 1;
  }
  return best;
}

const PANGO_ALIGN = { start: 'left', center: 'centre', end: 'right' } as const;

async function renderText(text: string, block: TextBlock, size: number, options: FitOptions): Promise<{ image: Buffer; width: number; height: number }> {
  const { font, fontfile } = fontFor(block.weight, size);
  const markup = `<span foreground="${block.color.slice(0, 7)}"${alphaAttribute(block.color)}>${escapeMarkup(text)}</span>`;
  const { data, info } = await sharp({
    text: {
      text: markup,
      font,
      fontfile,
      rgba: true,
      dpi: 72,
      // Pango mirrors left/right for right-to-left paragraphs, so `left` is the start of the line.
      align: PANGO_ALIGN[block.align],
      spacing: Math.round(size * block.lineSpacing),
      ...(options.singleLine ? { wrap: 'none' as const } : { width: block.width, wrap: 'word-char' as const }),
    },
  })
    .png()
    .toBuffer({ resolveWithObject: true });
  return { image: data, width: info.width, height: info.height };
}

function alphaAttribute(color: string): string {
  if (color.length !== 9) return '';
  const alpha = Math.round((parseInt(color.slice(7, 9), 16) / 255) * 100);
  return ` alpha="${Math.max(1, alpha)}%"`;
}
