/**
 * Captions for the channels, built from the approved ad:
 * - Telegram channel: HTML (parse_mode HTML), at most 1024 characters as Telegram counts them
 *   (UTF-16 units of the text after entity parsing): the category hashtag, the escaped text
 *   (shortened with an ellipsis when needed), the phone and the channel handle.
 * - Instagram feed: plain text, at most 2200 characters and at most 5 hashtags (Meta's limit
 *   since December 2025); the ad's own hashtags beyond the limit lose their `#`.
 */
export interface CaptionInput {
  readonly content: string;
  readonly language: 'fa' | 'en';
  readonly category: { readonly hashtag: string; readonly nameFa: string; readonly nameEn: string } | null;
  readonly phone: string | null;
  readonly channelHandle: string;
}

export const TELEGRAM_CAPTION_LIMIT = 1024;
export const INSTAGRAM_CAPTION_LIMIT = 2200;
export const INSTAGRAM_HASHTAG_LIMIT = 5;
const ELLIPSIS = '…';
const HASHTAG = /#[\p{L}\p{N}_\u200c]+/gu;

const LABELS = {
  fa: { phone: '📞 تماس:', channel: '📢 کانال تلگرام:' },
  en: { phone: '📞 Contact:', channel: '📢 Telegram channel:' },
} as const;

export function telegramChannelCaption(input: CaptionInput): string {
  const labels = LABELS[input.language];
  const head = categoryHashtag(input.category, input.language);
  const tail = [input.phone ? `${labels.phone} ${input.phone.trim()}` : '', input.channelHandle.trim()].filter(Boolean);
  // Visible length of everything but the text: the parts plus the blank lines between them.
  const fixed = [head, ...tail].filter(Boolean);
  const separators = 2 * fixed.length;
  const room = TELEGRAM_CAPTION_LIMIT - fixed.reduce((n, part) => n + part.length, 0) - separators;
  const text = shortenText(input.content.trim(), Math.max(0, room));
  return [head, text, ...tail].filter(Boolean).map(escapeHtml).join('\n\n');
}

export function instagramCaption(input: CaptionInput): string {
  const labels = LABELS[input.language];
  const tag = categoryHashtag(input.category, input.language);
  const content = limitHashtags(input.content.trim(), tag ? INSTAGRAM_HASHTAG_LIMIT - 1 : INSTAGRAM_HASHTAG_LIMIT);
  const details = [input.phone ? `${labels.phone} ${input.phone.trim()}` : '', input.channelHandle.trim() ? `${labels.channel} ${input.channelHandle.trim()}` : ''].filter(Boolean).join('\n');
  const fixed = [details, tag].filter(Boolean);
  const room = INSTAGRAM_CAPTION_LIMIT - fixed.reduce((n, part) => n + part.length, 0) - 2 * fixed.length;
  return [shortenText(content, Math.max(0, room)), details, tag].filter(Boolean).join('\n\n');
}

/** `#<hashtag>` from the category (its own hashtag, else its name with spaces as `_`). */
export function categoryHashtag(category: CaptionInput['category'], language: 'fa' | 'en'): string {
  if (!category) return '';
  const raw = category.hashtag.trim() || (language === 'en' ? category.nameEn || category.nameFa : category.nameFa || category.nameEn);
  const word = raw
    .replace(/^#+/, '')
    .replace(/[\s\u200c\-]+/gu, '_')
    .replace(/[^\p{L}\p{N}_]/gu, '')
    .replace(/_+/g, '_')
    .replace(/^_|_$/g, '');
  return word ? `#${word}` : '';
}

/** Cuts to at most `max` UTF-16 units, at a word boundary when one is near, ending with an ellipsis. */
export function shortenText(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= ELLIPSIS.length) return max <= 0 ? '' : ELLIPSIS;
  let cut = text.slice(0, max - ELLIPSIS.length);
  // Never split a surrogate pair.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  const lastSpace = cut.search(/\s\S*$/u);
  if (lastSpace > cut.length * 0.7) cut = cut.slice(0, lastSpace);
  return `${cut.replace(/[\s.,،؛:;!?\-]+$/u, '')}${ELLIPSIS}`;
}

/** Keeps the first `max` hashtags; later ones lose their `#` (their words stay). */
export function limitHashtags(text: string, max: number): string {
  let seen = 0;
  return text.replace(HASHTAG, (tag) => {
    seen += 1;
    return seen <= max ? tag : tag.slice(1);
  });
}

export function countHashtags(text: string): number {
  return (text.match(HASHTAG) ?? []).length;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
