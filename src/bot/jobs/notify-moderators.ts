import type { Runtime } from '../../shared/runtime/create-runtime.ts';
import type { JobHandler } from '../../shared/worker/job-handler.ts';
import { PENDING_STATUSES } from '../../shared/domain/ads/ad-status.ts';
import { telegramApiForBot } from '../../shared/domain/notifications/bot-api.ts';
import { toLanguage } from '../../shared/domain/notifications/languages.ts';
import { buildModeratorsMessage } from '../../shared/domain/notifications/moderators-message.ts';
import { findModeratorsPost, loadModeratorsAdView, recordModeratorsPost } from '../../shared/domain/notifications/moderators-post.ts';
import { updateModeratorsMessage } from '../../shared/domain/notifications/update-moderators-message.ts';
import { payloadAdId, telegramJobFailure } from './telegram-job-failure.ts';

/**
 * `notify_moderators` (payload `{adId}`, enqueued after AI pre-screening): posts the ad with the
 * AI verdict and Approve / Reject buttons to the moderators' chat of the ad's bot (partner ads:
 * the default bot's), when that bot has one. The message id is remembered as an AdEvent
 * (`moderators_posted`, note `<chatId>:<messageId>`) so later decisions can edit it. Nothing is
 * posted for an ad already decided, or posted twice for one ad.
 */
export function notifyModeratorsHandler(runtime: Runtime): JobHandler {
  return async ({ job }) => {
    const adId = payloadAdId(job.payload);
    const db = runtime.database.db;
    const ad = await db.ad.findUnique({ where: { id: adId }, select: { botId: true, status: true, shadowed: true } });
    if (!ad || ad.shadowed || !(PENDING_STATUSES as readonly string[]).includes(ad.status)) return;
    if (await findModeratorsPost(db, adId)) return;
    const bot =
      ad.botId !== null
        ? await db.telegramBot.findUnique({ where: { id: ad.botId } })
        : await db.telegramBot.findFirst({ where: { enabled: true, moderatorChatId: { not: null } }, orderBy: [{ isDefault: 'desc' }, { id: 'asc' }] });
    const view = await loadModeratorsAdView(db, adId);
    if (!bot?.moderatorChatId || !view) return;
    const language = toLanguage(await runtime.settings.get('moderation.staffLanguage'));
    const message = buildModeratorsMessage(view, language);
    let messageId: number;
    try {
      const sent = await telegramApiForBot(runtime, bot).sendMessage(bot.moderatorChatId, message.text, {
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
        ...(message.reply_markup ? { reply_markup: message.reply_markup } : {}),
      });
      messageId = sent.message_id;
    } catch (error) {
      throw telegramJobFailure(error, 'notify_moderators');
    }
    await recordModeratorsPost(db, adId, { botId: bot.id, chatId: bot.moderatorChatId, messageId });
    // Decided while we were posting: show the outcome instead of live buttons.
    const now = await db.ad.findUnique({ where: { id: adId }, select: { status: true } });
    if (now && now.status !== view.status && !(PENDING_STATUSES as readonly string[]).includes(now.status)) {
      await updateModeratorsMessage(runtime, adId).catch((error: unknown) => runtime.logger.warn({ msg: 'moderators message refresh failed', adId, err: error }));
    }
  };
}
