import { badRequest } from '../api-error.ts';
import type { TgEntity } from '../types.ts';
import { detectEntities } from './auto-detect.ts';
import { parseHtml } from './html.ts';
import { parseMarkdown } from './markdown.ts';
import { parseMarkdownV2 } from './markdown-v2.ts';
import { sortEntities, type ParsedText } from './parsed-text.ts';

export const MAX_TEXT_LENGTH = 4096;
export const MAX_CAPTION_LENGTH = 1024;

export interface FormatInput {
  readonly raw: string | undefined;
  readonly parseMode: string | undefined;
  /** Explicit `entities` / `caption_entities` (wins over parse_mode, as in the Bot API). */
  readonly entities: unknown;
}

/**
 * Turns a text or caption parameter into what Telegram stores: entities parsed, whitespace
 * trimmed, links/mentions/commands detected, and the length limits checked after parsing.
 */
export function formatMessageText(input: FormatInput, kind: 'text' | 'caption'): ParsedText {
  const raw = input.raw ?? '';
  const parsed = parse(raw, input.parseMode, input.entities);
  const trimmed = trim(parsed);
  if (kind === 'text') {
    if (trimmed.text.length === 0) throw badRequest('message text is empty');
    if (trimmed.text.length > MAX_TEXT_LENGTH) throw badRequest('message is too long');
  } else if (trimmed.text.length > MAX_CAPTION_LENGTH) {
    throw badRequest('message caption is too long');
  }
  const auto = detectEntities(trimmed.text, trimmed.entities);
  return { text: trimmed.text, entities: sortEntities([...trimmed.entities, ...auto]) };
}

function parse(raw: string, parseMode: string | undefined, entities: unknown): ParsedText {
  if (entities !== undefined) return { text: raw, entities: validateEntities(entities, raw.length) };
  if (parseMode === undefined || parseMode === '') return { text: raw, entities: [] };
  switch (parseMode.toLowerCase()) {
    case 'html':
      return parseHtml(raw);
    case 'markdownv2':
      return parseMarkdownV2(raw);
    case 'markdown':
      return parseMarkdown(raw);
    default:
      throw badRequest('unsupported parse_mode');
  }
}

function validateEntities(value: unknown, textLength: number): TgEntity[] {
  if (!Array.isArray(value)) throw badRequest("can't parse entities JSON object");
  return value.map((item: unknown) => {
    if (item === null || typeof item !== 'object') throw badRequest("can't parse MessageEntity JSON object");
    const e = item as Record<string, unknown>;
    if (typeof e.type !== 'string' || typeof e.offset !== 'number' || typeof e.length !== 'number') {
      throw badRequest('field "type" must be of type String');
    }
    const offset = Math.max(0, Math.min(e.offset, textLength));
    const length = Math.max(0, Math.min(e.length, textLength - offset));
    return { ...(e as unknown as TgEntity), offset, length };
  });
}

/** Strips leading/trailing whitespace and shifts or clips entities accordingly. */
function trim(parsed: ParsedText): ParsedText {
  const start = parsed.text.length - parsed.text.trimStart().length;
  const text = parsed.text.trim();
  const end = start + text.length;
  const entities: TgEntity[] = [];
  for (const entity of parsed.entities) {
    const from = Math.max(entity.offset, start);
    const to = Math.min(entity.offset + entity.length, end);
    if (to <= from) continue;
    entities.push({ ...entity, offset: from - start, length: to - from });
  }
  return { text, entities };
}
