import type { TgEntity } from '../types.ts';
import { byteOffset, entityParseError, sortEntities, type ParsedText } from './parsed-text.ts';

/** Legacy `Markdown` parse mode: *bold* _italic_ `code` ```pre``` [text](url), no nesting. */
export function parseMarkdown(input: string): ParsedText {
  let text = '';
  const entities: TgEntity[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i] as string;
    if (c === '\\' && '_*`['.includes(input[i + 1] ?? ' ')) {
      text += input[i + 1];
      i += 2;
      continue;
    }
    if (c !== '*' && c !== '_' && c !== '`' && c !== '[') {
      text += c;
      i += 1;
      continue;
    }
    const start = i;
    const fail = (): never => {
      throw entityParseError(`Can't find end of the entity starting at byte offset ${byteOffset(input, start)}`);
    };
    if (c === '[') {
      const close = input.indexOf(']', i + 1);
      if (close < 0 || input[close + 1] !== '(') fail();
      const urlEnd = input.indexOf(')', close + 2);
      if (urlEnd < 0) fail();
      const label = input.slice(i + 1, close);
      entities.push({ type: 'text_link', offset: text.length, length: label.length, url: input.slice(close + 2, urlEnd) });
      text += label;
      i = urlEnd + 1;
      continue;
    }
    const marker = c === '`' && input.startsWith('```', i) ? '```' : c;
    const end = input.indexOf(marker, i + marker.length);
    if (end < 0) fail();
    let inner = input.slice(i + marker.length, end);
    let language: string | undefined;
    if (marker === '```') {
      const newline = inner.indexOf('\n');
      if (newline > 0 && /^\S+$/.test(inner.slice(0, newline))) {
        language = inner.slice(0, newline);
        inner = inner.slice(newline + 1);
      }
    }
    const type = marker === '*' ? 'bold' : marker === '_' ? 'italic' : marker === '`' ? 'code' : 'pre';
    entities.push(language ? { type, offset: text.length, length: inner.length, language } : { type, offset: text.length, length: inner.length });
    text += inner;
    i = end + marker.length;
  }
  return { text, entities: sortEntities(entities) };
}
