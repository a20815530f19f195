import crypto from 'node:crypto';

export const OMNI_CATEGORIES = [
  'harassment',
  'harassment/threatening',
  'hate',
  'hate/threatening',
  'illicit',
  'illicit/violent',
  'self-harm',
  'self-harm/intent',
  'self-harm/instructions',
  'sexual',
  'sexual/minors',
  'violence',
  'violence/graphic',
] as const;

export type ModerationCategory = (typeof OMNI_CATEGORIES)[number];

/** Categories omni-moderation also scores for images. */
const IMAGE_CATEGORIES = new Set<ModerationCategory>([
  'self-harm',
  'self-harm/intent',
  'self-harm/instructions',
  'sexual',
  'violence',
  'violence/graphic',
]);

/** One moderated input: a string, or a multimodal array's text and image URLs together. */
export interface ModerationInput {
  readonly index: number;
  readonly text: string;
  readonly imageUrls: readonly string[];
  readonly model: string;
}

export interface ModerationVerdict {
  /** Defaults to "any category true". */
  readonly flagged?: boolean;
  readonly categories?: Partial<Record<ModerationCategory, boolean>>;
  readonly scores?: Partial<Record<ModerationCategory, number>>;
}

export type ModerationHandler = (input: ModerationInput) => ModerationVerdict | undefined;

/** Splits the request's `input` into the items OpenAI gives one result each. */
export function readModerationInputs(input: unknown, model: string): ModerationInput[] | string {
  if (typeof input === 'string') return [{ index: 0, text: input, imageUrls: [], model }];
  if (!Array.isArray(input) || input.length === 0) return "Invalid value for 'input': expected a string, an array of strings or an array of content parts.";
  if (input.every((item) => typeof item === 'string')) {
    return (input as string[]).map((text, index) => ({ index, text, imageUrls: [], model }));
  }
  const texts: string[] = [];
  const images: string[] = [];
  for (const part of input) {
    const p = (part ?? {}) as { type?: unknown; text?: unknown; image_url?: { url?: unknown } };
    if (p.type === 'text' && typeof p.text === 'string') texts.push(p.text);
    else if (p.type === 'image_url' && typeof p.image_url?.url === 'string') images.push(p.image_url.url);
    else return "Invalid content part in 'input': expected {type:'text', text} or {type:'image_url', image_url:{url}}.";
  }
  return [{ index: 0, text: texts.join('\n'), imageUrls: images, model }];
}

export function moderationResult(input: ModerationInput, verdict: ModerationVerdict | undefined): Record<string, unknown> {
  const categories: Record<string, boolean> = {};
  const scores: Record<string, number> = {};
  const applied: Record<string, string[]> = {};
  for (const category of OMNI_CATEGORIES) {
    const on = verdict?.categories?.[category] ?? false;
    categories[category] = on;
    scores[category] = verdict?.scores?.[category] ?? (on ? 0.9 : baseline(input.text, category));
    const types: string[] = [];
    if (input.text.length > 0) types.push('text');
    if (input.imageUrls.length > 0 && IMAGE_CATEGORIES.has(category)) types.push('image');
    applied[category] = types;
  }
  const flagged = verdict?.flagged ?? Object.values(categories).some(Boolean);
  return { flagged, categories, category_scores: scores, category_applied_input_types: applied };
}

/** A small, stable, non-zero score per (text, category), like the real near-zero scores. */
function baseline(text: string, category: string): number {
  const digest = crypto.createHash('sha256').update(`${category}\u0000${text}`).digest();
  return (1 + (digest.readUInt16BE(0) % 1000)) * 1e-6;
}

export function moderationResponse(model: string, results: Record<string, unknown>[]): Record<string, unknown> {
  return {
    id: `modr-${crypto.randomBytes(12).toString('hex')}`,
    model: model === 'omni-moderation-latest' ? 'omni-moderation-latest' : model,
    results,
  };
}
