import type { Runtime } from '../../shared/runtime/create-runtime.ts';
import type { JobHandler } from '../../shared/worker/job-handler.ts';
import { buildDecisionMessage, type DecisionStatus } from '../../shared/domain/notifications/decision-message.ts';
import { telegramApiForBot } from '../../shared/domain/notifications/bot-api.ts';
import { toLanguage } from '../../shared/domain/notifications/languages.ts';
import { markBotBlocked } from '../../shared/domain/telegram-users/telegram-user-store.ts';
import { isForbidden, payloadAdId, telegramJobFailure } from './telegram-job-failure.ts';

const DECISIONS: readonly DecisionStatus[] = ['approved', 'rejected', 'needs_revision', 'expired'];

/**
 * `notify_submitter` (payload `{adId, status}`, enqueued by decideAd for rejected and
 * needs_revision): a DM in the submitter's language with the reason or note and an Edit &
 * Resubmit button. A user who blocked the bot (403) is marked `blockedBotAt` and the job
 * completes; 429 and unsent calls are retried.
 */
export function notifySubmitterHandler(runtime: Runtime): JobHandler {
  return async ({ job }) => {
    const adId = payloadAdId(job.payload);
    const requested = (job.payload as { status?: unknown }).status;
    const db = runtime.database.db;
    const ad = await db.ad.findUnique({ where: { id: adId }, include: { telegramUser: true, bot: true } });
    const user = ad?.telegramUser;
    if (!ad || !user || !ad.bot || !user.chatId) {
      runtime.logger.info({ msg: 'notify_submitter: nobody to notify on Telegram', adId });
      return;
    }
    const status = DECISIONS.find((decision) => decision === requested) ?? DECISIONS.find((decision) => decision === ad.status);
    if (!status) {
      runtime.logger.info({ msg: 'notify_submitter: nothing to say for this status', adId, status: ad.status });
      return;
    }
    const message = buildDecisionMessage({
      status,
      code: ad.code,
      reason: ad.rejectionReason,
      note: ad.revisionNote,
      language: toLanguage(user.language ?? ad.language),
      botUsername: ad.bot.username,
      adId: ad.id,
    });
    try {
      await telegramApiForBot(runtime, ad.bot).sendMessage(user.chatId, message.text, {
        ...(message.parse_mode ? { parse_mode: message.parse_mode } : {}),
        ...(message.reply_markup ? { reply_markup: message.reply_markup } : {}),
        link_preview_options: { is_disabled: true },
      });
    } catch (error) {
      if (isForbidden(error)) {
        await markBotBlocked(db, user.id);
        runtime.logger.info({ msg: 'notify_submitter: the user blocked the bot', adId, telegramUserId: user.id });
        return;
      }
      throw telegramJobFailure(error, 'notify_submitter');
    }
  };
}
