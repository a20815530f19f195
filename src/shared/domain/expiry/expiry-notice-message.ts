import type { TelegramMessage } from '../notifications/decision-message.ts';
import { truncate } from '../notifications/html.ts';
import type { Language } from '../notifications/languages.ts';
import { htmlText, plainText } from '../notifications/notification-texts.ts';
import { formatUserDate } from './expiry-dates.ts';
import { renewCallbackData } from './renew-callback.ts';

export interface ExpiryNoticeInput {
  readonly adId: string;
  readonly code: string;
  readonly content: string;
  readonly expiresAt: Date;
  /** How many days a renewal adds (the `ads.lifetimeDays` setting). */
  readonly lifetimeDays: number;
  readonly language: Language;
}

/** "Your ad expires tomorrow" in the submitter's language, with the Renew button. */
export function buildExpiryNotice(input: ExpiryNoticeInput): TelegramMessage {
  const text = htmlText(input.language, 'expiry-notice', {
    code: input.code,
    date: formatUserDate(input.language, input.expiresAt),
    preview: truncate(input.content.replace(/\s+/g, ' ').trim(), 200),
    days: input.lifetimeDays,
  });
  return {
    text,
    parse_mode: 'HTML',
    reply_markup: { inline_keyboard: [[{ text: plainText(input.language, 'btn-renew'), callback_data: renewCallbackData(input.adId) }]] },
  };
}
