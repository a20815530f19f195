import fs from 'node:fs/promises';
import { InputFile } from 'grammy';
import { toTelegramError } from '../../integrations/telegram/telegram-error.ts';
import { toLanguage } from '../notifications/languages.ts';
import { telegramChannelCaption } from './captions.ts';
import { INTERRUPTED_MESSAGE, telegramFailureOutcome } from './telegram-outcome.ts';
import type { Publisher } from './publish-context.ts';

/**
 * `telegram_channel`: the ad as one photo post with an HTML caption, to `telegram.channelId`,
 * through the ad's bot (else the default bot). The picture is the submitter's own photo when the
 * posting bot received it (file_ids belong to one bot), otherwise the generated feed image,
 * uploaded. The message id is kept so staff can later edit or delete the post.
 */
export const publishTelegramChannel: Publisher = async (ctx) => {
  const { ad, attempt, settings } = ctx;
  if (attempt.row.externalId) return { kind: 'success', externalId: attempt.row.externalId };
  if (attempt.resumed) return { kind: 'uncertain', error: INTERRUPTED_MESSAGE };
  const chatId = settings['telegram.channelId'];
  if (!chatId) return { kind: 'skipped', reason: 'telegram.channelId is not set' };
  const sender = await ctx.services.bots.forChannel(ad.botId);
  if (!sender) return { kind: 'failed', error: 'no enabled Telegram bot can post to the channel' };
  ctx.secret(sender.token);

  const caption = telegramChannelCaption({
    content: ad.content,
    language: toLanguage(ad.language),
    category: ad.category,
    phone: ad.contactPhone,
    channelHandle: settings['telegram.channelHandle'],
  });
  const userPhoto = ad.photos[0];
  const useUserPhoto = userPhoto !== undefined && sender.bot.id === ad.botId && !attempt.state.userPhotoRejected;
  let photo: string | InputFile;
  if (useUserPhoto) photo = userPhoto.fileId;
  else {
    const { feed } = await ctx.services.images(ad.id, ['feed']);
    if (!feed) return { kind: 'retry', error: 'the feed image could not be generated' };
    // Read now: a file problem must fail here, before anything could have reached Telegram.
    photo = new InputFile(await fs.readFile(ctx.services.mediaFile(feed.path)), `ad-${ad.code}.jpg`);
  }

  await ctx.hook('sendPhoto', 'before');
  await attempt.begin();
  let sent;
  try {
    sent = await sender.api.sendPhoto(chatId, photo, { caption, parse_mode: 'HTML' });
  } catch (error) {
    const outcome = telegramFailureOutcome(error);
    // Telegram refused the user's file_id (another bot's file, or expired): use the generated image next time.
    const rejectedFile = useUserPhoto && toTelegramError(error).kind === 'rejected' && /file|photo|IMAGE/i.test(toTelegramError(error).description);
    return rejectedFile && outcome.kind === 'retry' ? { ...outcome, delayMs: 0, patch: { state: { userPhotoRejected: true } } } : outcome;
  }
  await ctx.hook('sendPhoto', 'after');
  return {
    kind: 'success',
    externalId: String(sent.message_id),
    patch: {
      state: { telegram: { chatId: String(sent.chat.id), messageId: sent.message_id, botId: sender.bot.id, photo: useUserPhoto ? 'user' : 'generated' } },
    },
  };
};
