import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TelegramApiError } from './telegram/api-error.ts';
import { detectEntities } from './telegram/entities/auto-detect.ts';
import { formatMessageText } from './telegram/entities/format-text.ts';
import { parseHtml } from './telegram/entities/html.ts';
import { parseMarkdown } from './telegram/entities/markdown.ts';
import { parseMarkdownV2 } from './telegram/entities/markdown-v2.ts';

function parseError(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof TelegramApiError);
    return error.description;
  }
  assert.fail('expected a parse error');
}

describe('telegram stand-in: entity parsing', () => {
  it('HTML: every allowed tag, nesting, entities, links and pre/code language', () => {
    const parsed = parseHtml(
      '<b>b</b><strong>s</strong><i>i</i><em>e</em><u>u</u><ins>n</ins><s>s</s><strike>k</strike><del>d</del>' +
        '<span class="tg-spoiler">p</span><tg-spoiler>q</tg-spoiler><a href="https://x.org">a</a><code>c</code>' +
        '<pre><code class="language-ts">let</code></pre><blockquote>bq</blockquote><b>x <i>y</i></b> &lt;&amp;&gt;&quot;&#1587;',
    );
    assert.equal(parsed.text, 'bsieunskdpqacletbqx y <&>"س');
    assert.deepEqual(
      parsed.entities.map((e) => [e.type, e.offset, e.length, e.url ?? e.language ?? '']),
      [
        ['bold', 0, 1, ''], ['bold', 1, 1, ''], ['italic', 2, 1, ''], ['italic', 3, 1, ''], ['underline', 4, 1, ''],
        ['underline', 5, 1, ''], ['strikethrough', 6, 1, ''], ['strikethrough', 7, 1, ''], ['strikethrough', 8, 1, ''],
        ['spoiler', 9, 1, ''], ['spoiler', 10, 1, ''], ['text_link', 11, 1, 'https://x.org'], ['code', 12, 1, ''],
        ['pre', 13, 3, 'ts'], ['blockquote', 16, 2, ''], ['bold', 18, 3, ''], ['italic', 20, 1, ''],
      ],
    );
  });

  it('HTML: the errors Telegram gives, with UTF-8 byte offsets', () => {
    assert.equal(parseError(() => parseHtml('<br>')), 'Bad Request: can\'t parse entities: Unsupported start tag "br" at byte offset 0');
    assert.equal(parseError(() => parseHtml('سلام <p>x</p>')), 'Bad Request: can\'t parse entities: Unsupported start tag "p" at byte offset 9');
    assert.equal(parseError(() => parseHtml('<b>open')), 'Bad Request: can\'t parse entities: Can\'t find end tag corresponding to start tag "b"');
    assert.equal(
      parseError(() => parseHtml('<b>x</i>')),
      'Bad Request: can\'t parse entities: Unmatched end tag at byte offset 4, expected "</b>", found "</i>"',
    );
    assert.equal(parseError(() => parseHtml('x</b>')), "Bad Request: can't parse entities: Unexpected end tag at byte offset 1");
    assert.equal(parseError(() => parseHtml('a < b')), 'Bad Request: can\'t parse entities: Unsupported start tag "" at byte offset 2');
    assert.equal(parseError(() => parseHtml('<span>x</span>')), 'Bad Request: can\'t parse entities: Tag "span" must have class "tg-spoiler" at byte offset 7');
  });

  it('MarkdownV2: entities, escapes, links, code; reserved characters and unclosed entities fail', () => {
    const parsed = parseMarkdownV2('*bold _both_* __under__ ~st~ ||sp|| [link](https://x.org/a\\)b) `c\\`` \\.\\!');
    assert.equal(parsed.text, 'bold both under st sp link c` .!');
    assert.deepEqual(
      parsed.entities.map((e) => [e.type, e.offset, e.length]),
      [['bold', 0, 9], ['italic', 5, 4], ['underline', 10, 5], ['strikethrough', 16, 2], ['spoiler', 19, 2], ['text_link', 22, 4], ['code', 27, 2]],
    );
    assert.equal(parsed.entities.find((e) => e.type === 'text_link')?.url, 'https://x.org/a)b');
    const pre = parseMarkdownV2('```python\nprint(1)\n```');
    assert.deepEqual(pre.entities, [{ type: 'pre', offset: 0, length: 9, language: 'python' }]);
    assert.equal(parseError(() => parseMarkdownV2('1+1')), "Bad Request: can't parse entities: Character '+' is reserved and must be escaped with the preceding '\\'");
    assert.equal(parseError(() => parseMarkdownV2('a *b')), "Bad Request: can't parse entities: Can't find end of Bold entity at byte offset 2");
    assert.equal(parseError(() => parseMarkdownV2('`code')), "Bad Request: can't parse entities: Can't find end of Code entity at byte offset 0");
    assert.deepEqual(parseMarkdownV2('>quote\n>more\nafter').entities, [{ type: 'blockquote', offset: 0, length: 10 }]);
  });

  it('legacy Markdown', () => {
    assert.deepEqual(parseMarkdown('*b* _i_ `c` [t](http://x.y)'), {
      text: 'b i c t',
      entities: [
        { type: 'bold', offset: 0, length: 1 },
        { type: 'italic', offset: 2, length: 1 },
        { type: 'code', offset: 4, length: 1 },
        { type: 'text_link', offset: 6, length: 1, url: 'http://x.y' },
      ],
    });
    assert.equal(parseError(() => parseMarkdown('*open')), "Bad Request: can't parse entities: Can't find end of the entity starting at byte offset 0");
  });

  it('detects commands, mentions, hashtags, URLs and emails, with UTF-16 offsets', () => {
    assert.deepEqual(detectEntities('/start@agahi_bot x'), [{ type: 'bot_command', offset: 0, length: 16 }]);
    const text = '😀 @someone #تهران https://a.b/c. mail me@x.io';
    assert.deepEqual(
      detectEntities(text).sort((a, b) => a.offset - b.offset),
      [
        { type: 'mention', offset: 3, length: 8 },
        { type: 'hashtag', offset: 12, length: 6 },
        { type: 'url', offset: 19, length: 13 },
        { type: 'email', offset: 39, length: 7 },
      ],
    );
  });

  it('formatting trims whitespace, shifts entities and checks limits after parsing', () => {
    const out = formatMessageText({ raw: '\n  <b>hi</b>  ', parseMode: 'HTML', entities: undefined }, 'text');
    assert.deepEqual(out, { text: 'hi', entities: [{ type: 'bold', offset: 0, length: 2 }] });
    assert.equal(parseError(() => formatMessageText({ raw: '<b> </b>', parseMode: 'HTML', entities: undefined }, 'text')), 'Bad Request: message text is empty');
    assert.equal(parseError(() => formatMessageText({ raw: 'x', parseMode: 'Fancy', entities: undefined }, 'text')), 'Bad Request: unsupported parse_mode');
    assert.deepEqual(formatMessageText({ raw: undefined, parseMode: undefined, entities: undefined }, 'caption'), { text: '', entities: [] });
  });
});
