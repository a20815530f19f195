import fs from 'node:fs/promises';
import { InputFile } from 'grammy';
import { toTelegramError } from '../../integrations/telegram/telegram-error.ts';
import { toLanguage } from '../notifications/languages.ts';
import { telegramChannelCaption } from './captions.ts';
import { INTERRUPTED_MESSAGE, telegramFailureOutcome } from './telegram-outcome.ts';
import type { PublishContext, Publisher } from './publish-context.ts';
import type { PublishOutcome } from './delivery-outcome.ts';
import type { PublishingBot } from './telegram-bots.ts';
import { isAlbum } from '../ads/ad-photos.ts';

/**
 * `telegram_channel`: the ad as one photo post with an HTML caption, to `telegram.channelId`,
 * or, when the submitter sent an album (2–10 photos) to the posting bot, as ONE album
 * (sendMediaGroup) with the caption on its first item. Either is one Bot API call, so the
 * uncertain-outcome rule is the same; every message id of an album is recorded for withdraw.
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
  if (useUserPhoto && isAlbum(ad.photos.length)) return postAlbum(ctx, sender, chatId, caption);
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

/** The album: the user's photos by file_id in their order, the caption on the first item. */
async function postAlbum(ctx: PublishContext, sender: PublishingBot, chatId: string, caption: string): Promise<PublishOutcome> {
  const media = ctx.ad.photos.map((photo, index) => ({
    type: 'photo' as const,
    media: photo.fileId,
    ...(index === 0 ? { caption, parse_mode: 'HTML' as const } : {}),
  }));
  await ctx.hook('sendMediaGroup', 'before');
  await ctx.attempt.begin();
  let sent;
  try {
    sent = await sender.api.sendMediaGroup(chatId, media);
  } catch (error) {
    const outcome = telegramFailureOutcome(error);
    const failure = toTelegramError(error);
    // A refused file_id (expired, another bot's): post the generated image instead next time.
    const rejectedFile = failure.kind === 'rejected' && /file|photo|IMAGE|media/i.test(failure.description);
    return rejectedFile && outcome.kind === 'retry' ? { ...outcome, delayMs: 0, patch: { state: { userPhotoRejected: true } } } : outcome;
  }
  await ctx.hook('sendMediaGroup', 'after');
  const first = sent[0];
  if (!first) return { kind: 'uncertain', error: 'sendMediaGroup answered with no messages; check the channel' };
  return {
    kind: 'success',
    externalId: String(first.message_id),
    patch: {
      state: {
        telegram: { chatId: String(first.chat.id), messageId: first.message_id, messageIds: sent.map((m) => m.message_id), botId: sender.bot.id, photo: 'album' },
      },
    },
  };
}
