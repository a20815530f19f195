import type { TgEntity } from '../types.ts';
import { byteOffset, entityParseError, sortEntities, type ParsedText } from './parsed-text.ts';

/** Tags Telegram's HTML parse mode accepts. */
const SUPPORTED = new Set([
  'b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'a', 'code', 'pre', 'span',
  'tg-spoiler', 'tg-emoji', 'blockquote',
]);

const SIMPLE_TYPES: Record<string, string> = {
  b: 'bold', strong: 'bold', i: 'italic', em: 'italic', u: 'underline', ins: 'underline',
  s: 'strikethrough', strike: 'strikethrough', del: 'strikethrough', 'tg-spoiler': 'spoiler',
};

interface OpenTag {
  readonly name: string;
  readonly attributes: Map<string, string>;
  readonly offset: number;
}

/** Parses Telegram-flavoured HTML into plain text plus entities, failing the way the Bot API does. */
export function parseHtml(input: string): ParsedText {
  let text = '';
  const entities: TgEntity[] = [];
  const stack: OpenTag[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i] as string;
    if (ch === '&') {
      const decoded = decodeEntityAt(input, i);
      text += decoded.text;
      i += decoded.consumed;
      continue;
    }
    if (ch !== '<') {
      text += ch;
      i += 1;
      continue;
    }
    const tagStart = i;
    if (input[i + 1] === '/') {
      const close = input.indexOf('>', i);
      if (close < 0) throw entityParseError(`Unclosed end tag at byte offset ${byteOffset(input, tagStart)}`);
      const name = input.slice(i + 2, close).trim().toLowerCase();
      const open = stack.pop();
      if (!open) throw entityParseError(`Unexpected end tag at byte offset ${byteOffset(input, tagStart)}`);
      if (name !== '' && name !== open.name) {
        throw entityParseError(
          `Unmatched end tag at byte offset ${byteOffset(input, tagStart)}, expected "</${open.name}>", found "</${name}>"`,
        );
      }
      const entity = toEntity(open, text.length - open.offset, stack, input, tagStart);
      if (entity) entities.push(entity);
      i = close + 1;
      continue;
    }
    // start tag
    let j = i + 1;
    while (j < input.length && /[A-Za-z0-9-]/.test(input[j] as string)) j += 1;
    const name = input.slice(i + 1, j).toLowerCase();
    if (!SUPPORTED.has(name)) {
      throw entityParseError(`Unsupported start tag "${name}" at byte offset ${byteOffset(input, tagStart)}`);
    }
    const { attributes, end } = parseAttributes(input, j, tagStart);
    stack.push({ name, attributes, offset: text.length });
    i = end + 1;
  }
  const unclosed = stack.pop();
  if (unclosed) throw entityParseError(`Can't find end tag corresponding to start tag "${unclosed.name}"`);
  return { text, entities: sortEntities(entities) };
}

function toEntity(open: OpenTag, length: number, stack: OpenTag[], input: string, at: number): TgEntity | undefined {
  const base = { offset: open.offset, length };
  const simple = SIMPLE_TYPES[open.name];
  if (simple) return { type: simple, ...base };
  switch (open.name) {
    case 'span': {
      if (open.attributes.get('class') !== 'tg-spoiler') {
        throw entityParseError(`Tag "span" must have class "tg-spoiler" at byte offset ${byteOffset(input, at)}`);
      }
      return { type: 'spoiler', ...base };
    }
    case 'a': {
      const href = open.attributes.get('href');
      if (href === undefined || href === '') return undefined;
      const mention = /^tg:\/\/user\?id=(\d+)$/.exec(href);
      if (mention) {
        return { type: 'text_mention', ...base, user: { id: Number(mention[1]), is_bot: false, first_name: 'User' } };
      }
      return { type: 'text_link', ...base, url: normalizeUrl(href) };
    }
    case 'code': {
      const parent = stack[stack.length - 1];
      const language = /^language-(.+)$/.exec(open.attributes.get('class') ?? '')?.[1];
      if (parent?.name === 'pre' && language) {
        // Telegram folds <pre><code class="language-x"> into one pre entity with a language.
        parent.attributes.set('data-language', language);
        return undefined;
      }
      return { type: 'code', ...base };
    }
    case 'pre': {
      const language = open.attributes.get('data-language');
      return language ? { type: 'pre', ...base, language } : { type: 'pre', ...base };
    }
    case 'blockquote':
      return { type: open.attributes.has('expandable') ? 'expandable_blockquote' : 'blockquote', ...base };
    case 'tg-emoji': {
      const id = open.attributes.get('emoji-id');
      if (!id) throw entityParseError(`Tag "tg-emoji" must have attribute "emoji-id" at byte offset ${byteOffset(input, at)}`);
      return { type: 'custom_emoji', ...base, custom_emoji_id: id };
    }
    default:
      return undefined;
  }
}

function parseAttributes(input: string, from: number, tagStart: number): { attributes: Map<string, string>; end: number } {
  const attributes = new Map<string, string>();
  let i = from;
  for (;;) {
    while (i < input.length && /\s/.test(input[i] as string)) i += 1;
    if (i >= input.length) throw entityParseError(`Unclosed start tag at byte offset ${byteOffset(input, tagStart)}`);
    if (input[i] === '>') return { attributes, end: i };
    if (input[i] === '/' && input[i + 1] === '>') return { attributes, end: i + 1 };
    let j = i;
    while (j < input.length && /[A-Za-z0-9_-]/.test(input[j] as string)) j += 1;
    if (j === i) throw entityParseError(`Expected equal sign in declaration of an attribute of the tag at byte offset ${byteOffset(input, tagStart)}`);
    const name = input.slice(i, j).toLowerCase();
    i = j;
    while (i < input.length && /\s/.test(input[i] as string)) i += 1;
    if (input[i] !== '=') {
      attributes.set(name, '');
      continue;
    }
    i += 1;
    while (i < input.length && /\s/.test(input[i] as string)) i += 1;
    const quote = input[i];
    let raw: string;
    if (quote === '"' || quote === "'") {
      const close = input.indexOf(quote, i + 1);
      if (close < 0) throw entityParseError(`Unclosed start tag at byte offset ${byteOffset(input, tagStart)}`);
      raw = input.slice(i + 1, close);
      i = close + 1;
    } else {
      let k = i;
      while (k < input.length && !/[\s>]/.test(input[k] as string)) k += 1;
      raw = input.slice(i, k);
      i = k;
    }
    attributes.set(name, decodeAll(raw));
  }
}

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

function decodeEntityAt(input: string, at: number): { text: string; consumed: number } {
  const match = /^&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z]{2,8});/.exec(input.slice(at, at + 12));
  if (!match) return { text: '&', consumed: 1 };
  const body = match[1] as string;
  if (body.startsWith('#')) {
    const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    if (code > 0 && code <= 0x10ffff) return { text: String.fromCodePoint(code), consumed: match[0].length };
    return { text: match[0], consumed: match[0].length };
  }
  const named = NAMED[body.toLowerCase()];
  // Unsupported named entities are left as they are, as Telegram does.
  return named ? { text: named, consumed: match[0].length } : { text: match[0], consumed: match[0].length };
}

function decodeAll(raw: string): string {
  let out = '';
  let i = 0;
  while (i < raw.length) {
    if (raw[i] === '&') {
      const decoded = decodeEntityAt(raw, i);
      out += decoded.text;
      i += decoded.consumed;
    } else {
      out += raw[i];
      i += 1;
    }
  }
  return out;
}

function normalizeUrl(href: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(href)) return href;
  const url = `http://${href}`;
  return /^http:\/\/[^/]+$/.test(url) ? `${url}/` : url;
}
