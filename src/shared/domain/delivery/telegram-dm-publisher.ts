import { toTelegramError } from '../../integrations/telegram/telegram-error.ts';
import { buildDecisionMessage } from '../notifications/decision-message.ts';
import { toLanguage } from '../notifications/languages.ts';
import { INTERRUPTED_MESSAGE, telegramFailureOutcome } from './telegram-outcome.ts';
import type { Publisher } from './publish-context.ts';

/**
 * `telegram_dm`: the approval message to the submitter, in their language, from the ad's own bot
 * (the only bot the user has started). A 403 means the user blocked the bot: `failed`, and the
 * user is marked (TelegramUser.blockedBotAt) so nobody keeps trying.
 */
export const publishTelegramDm: Publisher = async (ctx) => {
  const { ad, attempt } = ctx;
  if (attempt.row.externalId) return { kind: 'success', externalId: attempt.row.externalId };
  if (attempt.resumed) return { kind: 'uncertain', error: INTERRUPTED_MESSAGE };
  const user = ad.telegramUser;
  if (!user || ad.botId === null) return { kind: 'skipped', reason: 'not submitted through Telegram' };
  const sender = await ctx.services.bots.forAd(ad.botId);
  if (!sender) return { kind: 'failed', error: "the ad's bot is disabled or was removed" };
  ctx.secret(sender.token);
  const chatId = user.chatId ?? user.telegramId;
  const message = buildDecisionMessage({
    status: 'approved',
    code: ad.code,
    language: toLanguage(user.language ?? ad.language),
    botUsername: sender.bot.username,
    adId: ad.id,
  });

  await ctx.hook('sendMessage', 'before');
  await attempt.begin();
  let sent;
  try {
    sent = await sender.api.sendMessage(chatId, message.text, {
      ...(message.parse_mode ? { parse_mode: message.parse_mode } : {}),
      ...(message.reply_markup ? { reply_markup: message.reply_markup } : {}),
    });
  } catch (error) {
    const failure = toTelegramError(error);
    if (failure.kind !== 'forbidden') return telegramFailureOutcome(failure);
    await ctx.services.db.telegramUser.update({ where: { id: user.id }, data: { blockedBotAt: new Date() } });
    return { kind: 'failed', error: `user blocked the bot (${failure.description})` };
  }
  await ctx.hook('sendMessage', 'after');
  return {
    kind: 'success',
    externalId: String(sent.message_id),
    patch: { state: { telegram: { chatId: String(sent.chat.id), messageId: sent.message_id, botId: sender.bot.id } } },
  };
};
