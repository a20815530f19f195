import type { InlineKeyboardMarkup } from 'grammy/types';
import { htmlText, plainText } from './notification-texts.ts';
import type { Language } from './languages.ts';
import { resubmitCallbackData, resubmitDeepLink } from './resubmit-link.ts';

export type DecisionStatus = 'approved' | 'rejected' | 'needs_revision' | 'expired';

export interface DecisionMessageInput {
  readonly status: DecisionStatus;
  /** The tracking code (trackingCodeOf(uuid)). */
  readonly code: string;
  readonly reason?: string | null;
  readonly note?: string | null;
  readonly language: Language;
  /** The bot's @username without the @; null when unknown (the button then uses callback data). */
  readonly botUsername: string | null;
  readonly adId: string;
}

export interface TelegramMessage {
  readonly text: string;
  readonly parse_mode?: 'HTML';
  readonly reply_markup?: InlineKeyboardMarkup;
}

/**
 * The DM telling a submitter about a decision, in their language. Rejected and needs-revision
 * carry an Edit & Resubmit button: a t.me deep link (`/start resubmit_<uuid>`) when the bot's
 * username is known, else callback data the bot handles (`my:rs:<uuid>`).
 */
export function buildDecisionMessage(input: DecisionMessageInput): TelegramMessage {
  const { language } = input;
  const missing = plainText(language, 'decision-no-reason');
  const text = htmlText(language, `decision-${input.status}`, {
    code: input.code,
    reason: input.reason?.trim() || missing,
    note: input.note?.trim() || missing,
  });
  if (input.status !== 'rejected' && input.status !== 'needs_revision') return { text, parse_mode: 'HTML' };
  const label = plainText(language, 'btn-edit-resubmit');
  const button = input.botUsername
    ? { text: label, url: resubmitDeepLink(input.botUsername, input.adId) }
    : { text: label, callback_data: resubmitCallbackData(input.adId) };
  return { text, parse_mode: 'HTML', reply_markup: { inline_keyboard: [[button]] } };
}
