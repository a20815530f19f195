import type { TgEntity } from '../types.ts';

/** Entity kinds inside which Telegram does not look for links, mentions and the like. */
const OPAQUE = new Set(['code', 'pre', 'text_link', 'text_mention', 'url', 'email', 'mention', 'hashtag', 'bot_command', 'custom_emoji']);

const DETECTORS: ReadonlyArray<readonly [string, RegExp]> = [
  ['url', /(?<![\w@/.])(?:https?:\/\/[^\s<>"']+|www\.[^\s<>"']+|t\.me\/[^\s<>"']+)/giu],
  ['email', /(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w@])/gu],
  ['bot_command', /(?<![\w/])\/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w/])/gu],
  ['mention', /(?<![\w@])@[A-Za-z][A-Za-z0-9_]{3,31}(?![\w@])/gu],
  ['hashtag', /(?<![\w#])#[\p{L}\p{N}_]*[\p{L}_][\p{L}\p{N}_]*/gu],
];

/** Finds url, email, bot_command, mention and hashtag entities the way Telegram adds them to messages. */
export function detectEntities(text: string, existing: readonly TgEntity[] = []): TgEntity[] {
  const taken: Array<[number, number]> = existing.filter((e) => OPAQUE.has(e.type)).map((e) => [e.offset, e.offset + e.length]);
  const found: TgEntity[] = [];
  for (const [type, pattern] of DETECTORS) {
    pattern.lastIndex = 0;
    for (const match of text.matchAll(pattern)) {
      let value = match[0];
      if (type === 'url') value = value.replace(/[.,;:!?)\]'"]+$/u, '');
      const start = match.index;
      const end = start + value.length;
      if (value.length === 0 || taken.some(([a, b]) => start < b && end > a)) continue;
      taken.push([start, end]);
      found.push({ type, offset: start, length: value.length });
    }
  }
  return found;
}
