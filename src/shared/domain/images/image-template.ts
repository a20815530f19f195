import { z } from 'zod';

/**
 * The editable template of the generated ad images (setting `images.template`, JSON): one layout
 * per variant (feed 1080×1350, story 1080×1920), each a background (colour, optional image under
 * the media folder), optional rounded panels, and three text blocks (category, text, phone) with
 * position, size, font size, colour, weight and alignment. `start`/`end` follow the text's own
 * direction (Persian starts on the right).
 */
const hexColor = z.string().regex(/^#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$/, { error: 'must be a #rrggbb or #rrggbbaa colour' });
const coordinate = z.number().int().min(-4000).max(4000);
const extent = z.number().int().min(10).max(4000);

export const TEXT_BLOCK_SCHEMA = z
  .object({
    x: coordinate,
    y: coordinate,
    width: extent,
    height: extent,
    fontSize: z.number().int().min(8).max(400),
    /** The text shrinks down to this size before it is shortened with an ellipsis. */
    minFontSize: z.number().int().min(8).max(400).optional(),
    color: hexColor,
    weight: z.enum(['regular', 'medium', 'bold']).default('bold'),
    align: z.enum(['start', 'center', 'end']).default('center'),
    /** Extra space between lines, as a fraction of the font size. */
    lineSpacing: z.number().min(0).max(2).default(0.35),
  })
  .refine((b) => b.minFontSize === undefined || b.minFontSize <= b.fontSize, { error: 'minFontSize must not exceed fontSize', path: ['minFontSize'] });

export const PANEL_SCHEMA = z.object({
  x: coordinate,
  y: coordinate,
  width: extent,
  height: extent,
  color: hexColor,
  radius: z.number().int().min(0).max(2000).default(0),
});

/** A background image: a path relative to the media folder (e.g. `templates/paper.jpg`). */
const relativeMediaPath = z
  .string()
  .max(200)
  .regex(/^(?!\/)(?!.*(?:^|\/)\.)[A-Za-z0-9._\-/]+$/, { error: 'must be a relative path inside the media folder' });

export const LAYOUT_SCHEMA = z.object({
  background: z.object({
    color: hexColor,
    /** Top-to-bottom gradient end colour (optional). */
    gradientTo: hexColor.optional(),
    image: relativeMediaPath.optional(),
  }),
  panels: z.array(PANEL_SCHEMA).max(10).default([]),
  category: TEXT_BLOCK_SCHEMA,
  text: TEXT_BLOCK_SCHEMA,
  phone: TEXT_BLOCK_SCHEMA,
});

export const IMAGE_TEMPLATE_SCHEMA = z.object({
  version: z.literal(1).default(1),
  feed: LAYOUT_SCHEMA,
  story: LAYOUT_SCHEMA,
});

export type TextBlock = z.output<typeof TEXT_BLOCK_SCHEMA>;
export type Panel = z.output<typeof PANEL_SCHEMA>;
export type ImageLayout = z.output<typeof LAYOUT_SCHEMA>;
export type ImageTemplate = z.output<typeof IMAGE_TEMPLATE_SCHEMA>;
export type ImageTemplateInput = z.input<typeof IMAGE_TEMPLATE_SCHEMA>;

export type ImageVariant = 'feed' | 'story';

/** Pixel sizes Instagram accepts for each variant (4:5 feed, 9:16 story). */
export const VARIANT_SIZES: Record<ImageVariant, { readonly width: number; readonly height: number }> = {
  feed: { width: 1080, height: 1350 },
  story: { width: 1080, height: 1920 },
};

export const DEFAULT_IMAGE_TEMPLATE: ImageTemplate = IMAGE_TEMPLATE_SCHEMA.parse({
  version: 1,
  feed: {
    background: { color: '#14305a', gradientTo: '#0b1a33' },
    panels: [
      { x: 60, y: 60, width: 960, height: 1230, color: '#ffffff14', radius: 48 },
      { x: 290, y: 110, width: 500, height: 130, color: '#ffd54a', radius: 65 },
      { x: 190, y: 1110, width: 700, height: 120, color: '#ffffff', radius: 60 },
    ],
    category: { x: 310, y: 120, width: 460, height: 110, fontSize: 60, minFontSize: 34, color: '#14305a', weight: 'bold', align: 'center' },
    text: { x: 120, y: 290, width: 840, height: 780, fontSize: 58, minFontSize: 36, color: '#ffffff', weight: 'bold', align: 'center', lineSpacing: 0.35 },
    phone: { x: 210, y: 1120, width: 660, height: 100, fontSize: 56, minFontSize: 30, color: '#14305a', weight: 'bold', align: 'center' },
  },
  story: {
    background: { color: '#14305a', gradientTo: '#0b1a33' },
    panels: [
      { x: 60, y: 250, width: 960, height: 1420, color: '#ffffff14', radius: 48 },
      { x: 290, y: 300, width: 500, height: 130, color: '#ffd54a', radius: 65 },
      { x: 190, y: 1480, width: 700, height: 120, color: '#ffffff', radius: 60 },
    ],
    category: { x: 310, y: 310, width: 460, height: 110, fontSize: 60, minFontSize: 34, color: '#14305a', weight: 'bold', align: 'center' },
    text: { x: 120, y: 490, width: 840, height: 950, fontSize: 62, minFontSize: 38, color: '#ffffff', weight: 'bold', align: 'center', lineSpacing: 0.35 },
    phone: { x: 210, y: 1490, width: 660, height: 100, fontSize: 56, minFontSize: 30, color: '#14305a', weight: 'bold', align: 'center' },
  },
});

/** Validates a template (object or JSON text); throws a readable Error naming the first problem. */
export function parseImageTemplate(input: unknown): ImageTemplate {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input) as unknown;
    } catch {
      throw new Error('the image template is not valid JSON');
    }
  }
  const result = IMAGE_TEMPLATE_SCHEMA.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`image template: ${issue ? `${issue.path.join('.') || '(root)'} ${issue.message}` : 'is invalid'}`);
  }
  return result.data;
}

/** For the `images.template` setting: empty (the built-in default) or a valid template as JSON. */
export function isImageTemplateJson(text: string): boolean {
  if (text.trim() === '') return true;
  try {
    parseImageTemplate(text);
    return true;
  } catch {
    return false;
  }
}

/** The stored setting value → the template to render with (the default when empty or invalid). */
export function templateFromSetting(text: string): ImageTemplate {
  if (text.trim() === '') return DEFAULT_IMAGE_TEMPLATE;
  try {
    return parseImageTemplate(text);
  } catch {
    return DEFAULT_IMAGE_TEMPLATE;
  }
}
