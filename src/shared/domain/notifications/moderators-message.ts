import type { InlineKeyboardMarkup } from 'grammy/types';
import { PENDING_STATUSES, isAdStatus, trackingCodeOf } from '../ads/ad-status.ts';
import { escapeHtml, truncate } from './html.ts';
import { htmlText, plainText } from './notification-texts.ts';
import type { Language } from './languages.ts';
import type { TelegramMessage } from './decision-message.ts';
import { BAN_DURATIONS, type BanDuration, type BanKind } from '../submitters/ban-state.ts';

/** Canned rejection reasons offered in the moderators' chat; the submitter reads them in the ad's language. */
export const MODERATOR_REJECT_REASONS = ['not_an_ad', 'unclear', 'prohibited', 'duplicate'] as const;
export type ModeratorRejectReason = (typeof MODERATOR_REJECT_REASONS)[number];

/** Callback data of the moderators' chat buttons (`mod:<action>:<uuid>[:<reason index>]`). */
export type ModeratorAction =
  | { readonly action: 'approve'; readonly adId: string }
  | { readonly action: 'reject_menu'; readonly adId: string }
  | { readonly action: 'reject'; readonly adId: string; readonly reason: ModeratorRejectReason }
  | { readonly action: 'back'; readonly adId: string }
  /** Ban / Shadow-ban the ad's submitter: first a menu of durations, then the ban itself. */
  | { readonly action: 'ban_menu'; readonly adId: string; readonly kind: BanKind }
  | { readonly action: 'ban'; readonly adId: string; readonly kind: BanKind; readonly duration: BanDuration };

export const moderatorCallback = {
  approve: (adId: string) => `mod:ok:${adId}`,
  rejectMenu: (adId: string) => `mod:no:${adId}`,
  reject: (adId: string, reason: ModeratorRejectReason) => `mod:rj:${adId}:${MODERATOR_REJECT_REASONS.indexOf(reason)}`,
  back: (adId: string) => `mod:bk:${adId}`,
  banMenu: (adId: string, kind: BanKind) => `mod:${kind === 'ban' ? 'bm' : 'sm'}:${adId}`,
  ban: (adId: string, kind: BanKind, duration: BanDuration) => `mod:${kind === 'ban' ? 'bn' : 'sb'}:${adId}:${BAN_DURATIONS.indexOf(duration)}`,
};

export function parseModeratorCallback(data: string): ModeratorAction | null {
  const match = /^mod:(ok|no|rj|bk|bm|sm|bn|sb):([0-9a-f-]{36})(?::(\d))?$/.exec(data);
  if (!match) return null;
  const [, code, adId = ''] = match;
  if (code === 'ok') return { action: 'approve', adId };
  if (code === 'no') return { action: 'reject_menu', adId };
  if (code === 'bk') return { action: 'back', adId };
  if (code === 'bm' || code === 'sm') return { action: 'ban_menu', adId, kind: code === 'bm' ? 'ban' : 'shadow' };
  if (code === 'bn' || code === 'sb') {
    const duration = BAN_DURATIONS[Number(match[3])];
    return duration ? { action: 'ban', adId, kind: code === 'bn' ? 'ban' : 'shadow', duration } : null;
  }
  const reason = MODERATOR_REJECT_REASONS[Number(match[3])];
  return reason ? { action: 'reject', adId, reason } : null;
}

export interface ModeratorsAdView {
  readonly id: string;
  readonly status: string;
  readonly source: string;
  /** The ad's (submitter's) language: canned rejection reasons are stored in it. */
  readonly language: string;
  readonly content: string;
  readonly contactPhone: string | null;
  readonly aiVerdict: string | null;
  readonly aiReason: string | null;
  readonly rejectionReason: string | null;
  readonly revisionNote: string | null;
  readonly category: { readonly nameFa: string; readonly nameEn: string } | null;
  readonly photoCount: number;
  /** Who decided (staff name or email), null for automatic decisions or none yet. */
  readonly decidedBy: string | null;
  /** Two-person rule: the votes so far and how many are needed (absent or null when it is off). */
  readonly approvals?: { readonly voters: readonly string[]; readonly required: number } | null;
  /** The submitting TelegramUser (bot ads): the Ban buttons act on them. */
  readonly submitterId: number | null;
  /** The submitter's ban in force now, if any. */
  readonly submitterBan: BanKind | null;
  /** Submitted (or caught) under a shadow ban: out of review, no buttons. */
  readonly shadowed: boolean;
}

const KNOWN_VERDICTS = new Set(['approve', 'reject', 'unsure', 'unavailable']);
/** Telegram's limit for a message text; the ad content is cut to keep the whole message under it. */
const CONTENT_LIMIT = 3000;

/**
 * The moderators' chat message for an ad, in the staff language: the ad, the AI verdict and,
 * while the ad is pending, Approve / Reject buttons; once decided, the outcome and no buttons.
 */
export function buildModeratorsMessage(ad: ModeratorsAdView, language: Language, keyboard: 'decide' | 'reasons' = 'decide'): TelegramMessage {
  const category = ad.category ? (language === 'fa' ? ad.category.nameFa : ad.category.nameEn) : plainText(language, 'mod-no-category');
  const verdict = ad.aiVerdict === null ? 'pending' : ad.aiVerdict;
  const lines = [
    htmlText(language, 'mod-new-ad', { code: trackingCodeOf(ad.id) }),
    htmlText(language, 'mod-field-category', { category }),
    htmlText(language, 'mod-field-source', { source: plainText(language, ad.source === 'bot' ? 'mod-source-bot' : 'mod-source-partner') }),
    ...(ad.contactPhone ? [htmlText(language, 'mod-field-phone', { phone: ad.contactPhone })] : []),
    ...(ad.photoCount > 0 ? [htmlText(language, 'mod-field-photo')] : []),
    htmlText(language, 'mod-field-ai', { verdict: KNOWN_VERDICTS.has(verdict) || verdict === 'pending' ? plainText(language, `mod-verdict-${verdict}`) : verdict }),
    ...(ad.aiReason ? [htmlText(language, 'mod-field-ai-reason', { reason: truncate(ad.aiReason, 300) })] : []),
    '',
    `<blockquote>${escapeHtml(truncate(ad.content, CONTENT_LIMIT))}</blockquote>`,
  ];
  if (ad.submitterBan) lines.push('', htmlText(language, ad.submitterBan === 'shadow' ? 'mod-submitter-shadow-banned' : 'mod-submitter-banned'));
  const pending = (PENDING_STATUSES as readonly string[]).includes(ad.status);
  if (ad.shadowed) {
    lines.push('', htmlText(language, 'mod-outcome-shadowed'));
    return { text: lines.join('\n'), parse_mode: 'HTML' };
  }
  if (!pending) {
    lines.push('', outcomeLine(ad, language));
    return { text: lines.join('\n'), parse_mode: 'HTML' };
  }
  if (ad.approvals && ad.approvals.voters.length > 0) {
    lines.push('', htmlText(language, 'mod-approvals', { votes: ad.approvals.voters.length, required: ad.approvals.required, names: ad.approvals.voters.join(language === 'fa' ? '، ' : ', ') }));
  }
  return {
    text: lines.join('\n'),
    parse_mode: 'HTML',
    reply_markup: keyboard === 'reasons' ? reasonsKeyboard(ad.id, language) : decideKeyboard(ad.id, language, { canBan: ad.submitterId !== null }),
  };
}

/** Approve / Reject and, for an ad from a Telegram user, Ban / Shadow-ban (they open a duration menu). */
export function decideKeyboard(adId: string, language: Language, options: { canBan: boolean } = { canBan: false }): InlineKeyboardMarkup {
  return {
    inline_keyboard: [
      [
        { text: plainText(language, 'mod-btn-approve'), callback_data: moderatorCallback.approve(adId) },
        { text: plainText(language, 'mod-btn-reject'), callback_data: moderatorCallback.rejectMenu(adId) },
      ],
      ...(options.canBan
        ? [
            [
              { text: plainText(language, 'mod-btn-ban'), callback_data: moderatorCallback.banMenu(adId, 'ban') },
              { text: plainText(language, 'mod-btn-shadow-ban'), callback_data: moderatorCallback.banMenu(adId, 'shadow') },
            ],
          ]
        : []),
    ],
  };
}

/** How long to ban for (the kind is in the callback data), and Back. */
export function banKeyboard(adId: string, kind: BanKind, language: Language): InlineKeyboardMarkup {
  const prefix = kind === 'ban' ? '⛔' : '👻';
  return {
    inline_keyboard: [
      BAN_DURATIONS.map((duration) => ({ text: `${prefix} ${plainText(language, `mod-ban-${duration}`)}`, callback_data: moderatorCallback.ban(adId, kind, duration) })),
      [{ text: plainText(language, 'mod-btn-back'), callback_data: moderatorCallback.back(adId) }],
    ],
  };
}

export function reasonsKeyboard(adId: string, language: Language): InlineKeyboardMarkup {
  return {
    inline_keyboard: [
      ...MODERATOR_REJECT_REASONS.map((reason) => [{ text: `❌ ${plainText(language, `reject-reason-${reason}`)}`, callback_data: moderatorCallback.reject(adId, reason) }]),
      [{ text: plainText(language, 'mod-btn-back'), callback_data: moderatorCallback.back(adId) }],
    ],
  };
}

/** The reason text stored on the ad (and shown to the submitter), in the ad's language. */
export function rejectReasonText(reason: ModeratorRejectReason, adLanguage: Language): string {
  return plainText(adLanguage, `reject-reason-${reason}`);
}

function outcomeLine(ad: ModeratorsAdView, language: Language): string {
  const by = ad.decidedBy ?? plainText(language, 'mod-by-system');
  switch (ad.status) {
    case 'approved':
      return htmlText(language, 'mod-outcome-approved', { by });
    case 'rejected':
      return htmlText(language, 'mod-outcome-rejected', { by, reason: ad.rejectionReason ?? '' });
    case 'needs_revision':
      return htmlText(language, 'mod-outcome-needs_revision', { by, note: ad.revisionNote ?? '' });
    case 'withdrawn':
      return htmlText(language, 'mod-outcome-withdrawn');
    default:
      return htmlText(language, 'mod-outcome-other', { status: isAdStatus(ad.status) ? plainText(language, `status-${ad.status}`) : ad.status });
  }
}
