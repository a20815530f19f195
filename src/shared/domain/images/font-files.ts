import path from 'node:path';
import { createRequire } from 'node:module';
import type { TextBlock } from './image-template.ts';

const require = createRequire(import.meta.url);
const TTF_DIR = path.join(path.dirname(require.resolve('vazirmatn/package.json')), 'fonts', 'ttf');

const FILES: Record<TextBlock['weight'], { file: string; pango: string }> = {
  regular: { file: 'Vazirmatn-Regular.ttf', pango: 'Vazirmatn' },
  medium: { file: 'Vazirmatn-Medium.ttf', pango: 'Vazirmatn Medium' },
  bold: { file: 'Vazirmatn-Bold.ttf', pango: 'Vazirmatn Bold' },
};

/** The Vazirmatn TTF (from the npm package) and the Pango font description for a weight and pixel size. */
export function fontFor(weight: TextBlock['weight'], sizePx: number): { fontfile: string; font: string } {
  const entry = FILES[weight];
  return { fontfile: path.join(TTF_DIR, entry.file), font: `${entry.pango} ${sizePx}px` };
}
