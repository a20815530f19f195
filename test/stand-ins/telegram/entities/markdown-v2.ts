import type { TgEntity } from '../types.ts';
import { byteOffset, entityParseError, sortEntities, type ParsedText } from './parsed-text.ts';

const RESERVED = new Set('_*[]()~`>#+-=|{}.!'.split(''));

const NAMES: Record<string, string> = {
  bold: 'Bold',
  italic: 'Italic',
  underline: 'Underline',
  strikethrough: 'Strikethrough',
  spoiler: 'Spoiler',
  text_link: 'TextUrl',
};

interface Open {
  readonly type: string;
  readonly offset: number;
  readonly at: number;
}

/** Parses MarkdownV2 (escaping rules included) into plain text plus entities. */
export function parseMarkdownV2(input: string): ParsedText {
  let text = '';
  const entities: TgEntity[] = [];
  const stack: Open[] = [];
  let quote: { offset: number; expandable: boolean } | undefined;
  let i = 0;
  const closeQuote = (): void => {
    if (!quote) return;
    const end = text.endsWith('\n') ? text.length - 1 : text.length;
    entities.push({ type: quote.expandable ? 'expandable_blockquote' : 'blockquote', offset: quote.offset, length: end - quote.offset });
    quote = undefined;
  };
  while (i < input.length) {
    const c = input[i] as string;
    const next = input[i + 1];
    if (i === 0 || input[i - 1] === '\n') {
      if (input.startsWith('**>', i)) {
        closeQuote();
        quote = { offset: text.length, expandable: true };
        i += 3;
        continue;
      }
      if (c === '>') {
        quote ??= { offset: text.length, expandable: false };
        i += 1;
        continue;
      }
      closeQuote();
    }
    if (c === '\\') {
      if (next !== undefined && next.charCodeAt(0) >= 1 && next.charCodeAt(0) <= 126) {
        text += next;
        i += 2;
      } else {
        text += c;
        i += 1;
      }
      continue;
    }
    if (c === '`') {
      const isPre = input.startsWith('```', i);
      const markerLength = isPre ? 3 : 1;
      let j = i + markerLength;
      let language = '';
      if (isPre) {
        const lineEnd = input.indexOf('\n', j);
        const firstLine = lineEnd < 0 ? '' : input.slice(j, lineEnd);
        if (lineEnd >= 0 && /^[^\s`]*$/.test(firstLine)) {
          language = firstLine;
          j = lineEnd + 1;
        }
      }
      const offset = text.length;
      let closed = false;
      while (j < input.length) {
        if (input[j] === '\\' && (input[j + 1] === '`' || input[j + 1] === '\\')) {
          text += input[j + 1];
          j += 2;
          continue;
        }
        if (input.startsWith(isPre ? '```' : '`', j)) {
          closed = true;
          break;
        }
        text += input[j];
        j += 1;
      }
      if (!closed) throw entityParseError(`Can't find end of ${isPre ? 'Pre' : 'Code'} entity at byte offset ${byteOffset(input, i)}`);
      const length = text.length - offset;
      entities.push(isPre && language ? { type: 'pre', offset, length, language } : { type: isPre ? 'pre' : 'code', offset, length });
      i = j + markerLength;
      continue;
    }
    const marker = markerAt(c, next);
    if (marker) {
      const top = stack[stack.length - 1];
      if (top?.type === marker.type) {
        stack.pop();
        entities.push({ type: marker.type, offset: top.offset, length: text.length - top.offset });
      } else {
        stack.push({ type: marker.type, offset: text.length, at: i });
      }
      i += marker.length;
      continue;
    }
    if (c === '[') {
      stack.push({ type: 'text_link', offset: text.length, at: i });
      i += 1;
      continue;
    }
    if (c === ']' && stack[stack.length - 1]?.type === 'text_link') {
      const open = stack.pop() as Open;
      i += 1;
      if (input[i] !== '(') continue;
      let url = '';
      let j = i + 1;
      while (j < input.length && input[j] !== ')') {
        if (input[j] === '\\' && j + 1 < input.length) {
          url += input[j + 1];
          j += 2;
        } else {
          url += input[j];
          j += 1;
        }
      }
      if (j >= input.length) throw entityParseError(`Can't find end of a URL at byte offset ${byteOffset(input, i)}`);
      const mention = /^tg:\/\/user\?id=(\d+)$/.exec(url);
      const length = text.length - open.offset;
      entities.push(
        mention
          ? { type: 'text_mention', offset: open.offset, length, user: { id: Number(mention[1]), is_bot: false, first_name: 'User' } }
          : { type: 'text_link', offset: open.offset, length, url },
      );
      i = j + 1;
      continue;
    }
    if (RESERVED.has(c) || c === '|') {
      throw entityParseError(`Character '${c}' is reserved and must be escaped with the preceding '\\'`);
    }
    text += c;
    i += 1;
  }
  closeQuote();
  const open = stack.pop();
  if (open) {
    throw entityParseError(`Can't find end of ${NAMES[open.type] ?? open.type} entity at byte offset ${byteOffset(input, open.at)}`);
  }
  return { text, entities: sortEntities(entities) };
}

function markerAt(c: string, next: string | undefined): { type: string; length: number } | undefined {
  if (c === '*') return { type: 'bold', length: 1 };
  if (c === '~') return { type: 'strikethrough', length: 1 };
  if (c === '|' && next === '|') return { type: 'spoiler', length: 2 };
  if (c === '_') return next === '_' ? { type: 'underline', length: 2 } : { type: 'italic', length: 1 };
  return undefined;
}
