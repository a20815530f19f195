import { Composer } from 'grammy';
import { AppError } from '../../shared/errors.ts';
import { decideAd, type Decision } from '../../shared/domain/ads/decide-ad.ts';
import { approveWithVotes } from '../../shared/domain/ads/approval-votes.ts';
import { PENDING_STATUSES, isAdStatus } from '../../shared/domain/ads/ad-status.ts';
import { toLanguage, type Language } from '../../shared/domain/notifications/languages.ts';
import { plainText } from '../../shared/domain/notifications/notification-texts.ts';
import {
  banKeyboard,
  buildModeratorsMessage,
  decideKeyboard,
  parseModeratorCallback,
  reasonsKeyboard,
  rejectReasonText,
  type ModeratorAction,
} from '../../shared/domain/notifications/moderators-message.ts';
import { loadModeratorsAdView } from '../../shared/domain/notifications/moderators-post.ts';
import type { ModeratorsAdView } from '../../shared/domain/notifications/moderators-message.ts';
import { banSubmitter } from '../../shared/domain/submitters/ban-submitter.ts';
import { banUntil } from '../../shared/domain/submitters/ban-state.ts';
import { trackingCodeOf } from '../../shared/domain/ads/ad-status.ts';
import type { BotContext } from '../context.ts';
import { answerButton } from './replies.ts';

/**
 * Approve / Reject buttons under an ad in the bot's moderators' chat (TelegramBot.moderatorChatId).
 * A press counts only in that chat and only from someone whose Telegram id is linked to an active
 * staff account (StaffUser.telegramUserId). Reject opens a short list of canned reasons; the
 * chosen reason is stored in the AD's language (the submitter reads it). The decision goes
 * through decideAd (race-safe: a decision made elsewhere first wins), then the message is edited
 * to show the outcome.
 */
export function moderatorsChatFeature(): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.callbackQuery(/^mod:/, async (ctx) => {
    const { runtime, botId } = ctx.services;
    const db = runtime.database.db;
    const language = toLanguage(await runtime.settings.get('moderation.staffLanguage'));
    const action = parseModeratorCallback(ctx.callbackQuery.data);
    const bot = await db.telegramBot.findUnique({ where: { id: botId }, select: { moderatorChatId: true } });
    if (!action || !bot?.moderatorChatId || String(ctx.chat?.id) !== bot.moderatorChatId) {
      await answerButton(ctx, plainText(language, 'mod-wrong-chat'), { alert: true });
      return;
    }
    const staff = await db.staffUser.findFirst({ where: { telegramUserId: String(ctx.from.id), active: true } });
    if (!staff) {
      await answerButton(ctx, plainText(language, 'mod-not-staff'), { alert: true });
      return;
    }
    await handleAction(ctx, action, { id: staff.id, language });
  });
  return feature;
}

async function handleAction(ctx: BotContext, action: ModeratorAction, staff: { id: number; language: Language }): Promise<void> {
  const { runtime } = ctx.services;
  const db = runtime.database.db;
  const view = await loadModeratorsAdView(db, action.adId);
  if (!view) {
    await answerButton(ctx, plainText(staff.language, 'mod-outcome-other', { status: '?' }));
    return;
  }
  const pending = (PENDING_STATUSES as readonly string[]).includes(view.status);
  if (!pending || view.shadowed) {
    await answerButton(ctx, alreadyDecided(view.status, staff.language), { alert: true });
    await showCurrent(ctx, action.adId, staff.language);
    return;
  }
  if (action.action === 'reject_menu' || action.action === 'back' || action.action === 'ban_menu') {
    if (action.action === 'ban_menu' && view.submitterId === null) {
      await answerButton(ctx, alreadyDecided(view.status, staff.language), { alert: true });
      return;
    }
    const hint = action.action === 'reject_menu' ? 'mod-choose-reason' : action.action === 'ban_menu' ? (action.kind === 'ban' ? 'mod-choose-ban-duration' : 'mod-choose-shadow-duration') : null;
    await answerButton(ctx, hint ? plainText(staff.language, hint) : undefined);
    const keyboard =
      action.action === 'reject_menu'
        ? reasonsKeyboard(view.id, staff.language)
        : action.action === 'ban_menu'
          ? banKeyboard(view.id, action.kind, staff.language)
          : decideKeyboard(view.id, staff.language, { canBan: view.submitterId !== null });
    await ctx.editMessageReplyMarkup({ reply_markup: keyboard }).catch((error: unknown) => ctx.services.logger.debug({ msg: 'keyboard edit failed', err: error }));
    return;
  }
  if (action.action === 'ban') {
    await banFromChat(ctx, view, action, staff);
    return;
  }
  const decision: Decision =
    action.action === 'approve' ? { action: 'approve' } : { action: 'reject', reason: rejectReasonText(action.reason, toLanguage(view.language)) };
  try {
    const decideDeps = { db, jobs: runtime.jobs, settings: runtime.settings };
    const actor = { type: 'staff' as const, id: String(staff.id) };
    if (decision.action === 'approve') {
      // Under the two-person rule (review.approvalsRequired) a press is one moderator's vote.
      const outcome = await approveWithVotes(decideDeps, view.id, decision, actor);
      const answer =
        outcome.status === 'approved'
          ? plainText(staff.language, 'mod-decided-approved')
          : plainText(staff.language, outcome.alreadyVoted ? 'mod-already-voted' : 'mod-voted', { votes: outcome.votes, required: outcome.votesRequired });
      await answerButton(ctx, answer);
    } else {
      await decideAd(decideDeps, view.id, decision, actor);
      await answerButton(ctx, plainText(staff.language, 'mod-decided-rejected'));
    }
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'invalid_transition') throw error;
    const current = await db.ad.findUnique({ where: { id: view.id }, select: { status: true } });
    await answerButton(ctx, alreadyDecided(current?.status ?? view.status, staff.language), { alert: true });
  }
  await showCurrent(ctx, view.id, staff.language);
}

/**
 * Ban / Shadow-ban from the chat: the ad's submitter, for the chosen duration, with a fixed
 * reason naming the ad (audited as this staff member). The ad itself stays pending after a
 * plain ban (decide it as usual); a shadow ban takes it out of review with the user's other
 * pending ads, and the message is redrawn either way.
 */
async function banFromChat(
  ctx: BotContext,
  view: ModeratorsAdView,
  action: Extract<ModeratorAction, { action: 'ban' }>,
  staff: { id: number; language: Language },
): Promise<void> {
  const { runtime } = ctx.services;
  if (view.submitterId === null) {
    await answerButton(ctx, alreadyDecided(view.status, staff.language), { alert: true });
    return;
  }
  await banSubmitter(
    { db: runtime.database.db, jobs: runtime.jobs },
    {
      telegramUserId: view.submitterId,
      kind: action.kind,
      reason: plainText(staff.language, 'mod-ban-reason', { code: trackingCodeOf(view.id) }),
      until: banUntil(action.duration),
    },
    { type: 'staff', id: String(staff.id) },
  );
  await answerButton(ctx, plainText(staff.language, action.kind === 'ban' ? 'mod-banned-done' : 'mod-shadow-banned-done'));
  await showCurrent(ctx, view.id, staff.language);
}

function alreadyDecided(status: string, language: Language): string {
  return plainText(language, 'mod-already-decided', { status: isAdStatus(status) ? plainText(language, `status-${status}`) : status });
}

/** Re-renders the pressed message from the ad as it is now (outcome, no buttons once decided). */
async function showCurrent(ctx: BotContext, adId: string, language: Language): Promise<void> {
  const view = await loadModeratorsAdView(ctx.services.runtime.database.db, adId);
  if (!view) return;
  const message = buildModeratorsMessage(view, language);
  try {
    await ctx.editMessageText(message.text, { parse_mode: 'HTML', ...(message.reply_markup ? { reply_markup: message.reply_markup } : {}) });
  } catch (error) {
    if (!/message is not modified/i.test(String((error as Error).message))) throw error;
  }
}
