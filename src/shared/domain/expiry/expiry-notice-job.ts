import type { Runtime } from '../../runtime/create-runtime.ts';
import { toTelegramError } from '../../integrations/telegram/telegram-error.ts';
import { JobFailure, type JobHandler } from '../../worker/job-handler.ts';
import { telegramApiForBot } from '../notifications/bot-api.ts';
import { toLanguage } from '../notifications/languages.ts';
import { markBotBlocked } from '../telegram-users/telegram-user-store.ts';
import { buildExpiryNotice } from './expiry-notice-message.ts';

/** The AdEvent that records a notice attempt for one lifetime (its note names the expiry). */
export const EXPIRY_NOTICE_EVENT = 'expiry_notice';

interface NoticePayload {
  readonly adId: string;
  readonly expiresAt: string;
}

function parsePayload(payload: unknown): NoticePayload {
  const { adId, expiresAt } = (payload ?? {}) as { adId?: unknown; expiresAt?: unknown };
  if (typeof adId !== 'string' || typeof expiresAt !== 'string') throw new JobFailure('expiry_notice: malformed payload', { retryable: false });
  return { adId, expiresAt };
}

/**
 * `expiry_notice` (enqueued by the sweep with Ad.expiryNoticeAt): the "expires tomorrow" DM with
 * a Renew button, through the bot that received the ad, in the submitter's language.
 *
 * Never twice: the notice is for one lifetime (payload expiresAt); a renewal or expiry in the
 * meantime makes it stale and it is dropped. Before the call an `expiry_notice` AdEvent is
 * written; a later attempt that finds it (the process died mid-call, or the call timed out and
 * may have been delivered) does not send again. The marker is removed only when Telegram proved
 * nothing was sent (429, network error before sending), and then the job is retried. A 403 marks
 * the user as having blocked the bot (later sweeps skip them) and ends the job.
 */
export function createExpiryNoticeJobHandler(runtime: Pick<Runtime, 'config' | 'secretBox' | 'database' | 'settings' | 'logger'>): JobHandler {
  return async ({ job }) => {
    const { adId, expiresAt } = parsePayload(job.payload);
    const db = runtime.database.db;
    const log = runtime.logger.child({ job: 'expiry_notice', adId });
    const ad = await db.ad.findUnique({ where: { id: adId }, include: { telegramUser: true, bot: true } });
    if (!ad || ad.status !== 'approved' || ad.expiresAt?.toISOString() !== expiresAt || !ad.expiryNoticeAt) {
      log.info({ msg: 'expiry notice no longer due (renewed, expired or removed)' });
      return;
    }
    const user = ad.telegramUser;
    if (!user?.chatId || !ad.bot?.enabled) {
      log.info({ msg: 'expiry notice: nobody to tell on Telegram' });
      return;
    }
    if (user.blockedBotAt) {
      log.info({ msg: 'expiry notice skipped: the user blocked the bot' });
      return;
    }
    const note = `expires ${expiresAt}`;
    if (await db.adEvent.findFirst({ where: { adId, type: EXPIRY_NOTICE_EVENT, note }, select: { id: true } })) {
      log.warn({ msg: 'an earlier attempt may have sent the expiry notice; not sending again' });
      return;
    }
    const lifetimeDays = await runtime.settings.get('ads.lifetimeDays');
    const message = buildExpiryNotice({
      adId,
      code: ad.code,
      content: ad.content,
      expiresAt: ad.expiresAt,
      lifetimeDays,
      language: toLanguage(user.language ?? ad.language),
    });
    const marker = await db.adEvent.create({ data: { adId, type: EXPIRY_NOTICE_EVENT, actorType: 'system', note } });
    try {
      await telegramApiForBot(runtime, ad.bot).sendMessage(user.chatId, message.text, {
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
        ...(message.reply_markup ? { reply_markup: message.reply_markup } : {}),
      });
    } catch (error) {
      const failure = toTelegramError(error);
      if (failure.kind === 'unknown_outcome') {
        // It may have arrived: keep the marker so no attempt sends it again.
        throw new JobFailure(`expiry_notice: ${failure.message}`, { retryable: false, cause: failure });
      }
      await db.adEvent.deleteMany({ where: { id: marker.id } });
      if (failure.kind === 'forbidden') {
        await markBotBlocked(db, user.id);
        log.info({ msg: 'expiry notice: the user blocked the bot', telegramUserId: user.id });
        return;
      }
      const retryable = failure.kind === 'rate_limited' || failure.kind === 'not_sent';
      const delayMs = failure.retryAfterSeconds !== null ? failure.retryAfterSeconds * 1000 : undefined;
      throw new JobFailure(`expiry_notice: ${failure.message}`, { retryable, ...(delayMs !== undefined ? { delayMs } : {}), cause: failure });
    }
  };
}
