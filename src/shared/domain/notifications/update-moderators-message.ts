import type { Runtime } from '../../runtime/create-runtime.ts';
import { toTelegramError } from '../../integrations/telegram/telegram-error.ts';
import { telegramApiForBot } from './bot-api.ts';
import { buildModeratorsMessage } from './moderators-message.ts';
import { findModeratorsPost, loadModeratorsAdView } from './moderators-post.ts';
import { toLanguage } from './languages.ts';

export type ModeratorsUpdateOutcome = 'edited' | 'unchanged' | 'not_posted';

/**
 * Edits the ad's message in the moderators' chat to show its current state (outcome and no
 * buttons once decided). `not_posted` when the ad was never posted there. Telegram failures are
 * thrown as TelegramError (the job handler decides about retrying).
 */
export async function updateModeratorsMessage(runtime: Runtime, adId: string): Promise<ModeratorsUpdateOutcome> {
  const db = runtime.database.db;
  const post = await findModeratorsPost(db, adId);
  if (!post) return 'not_posted';
  const [ad, bot] = await Promise.all([loadModeratorsAdView(db, adId), db.telegramBot.findUnique({ where: { id: post.botId } })]);
  if (!ad || !bot) return 'not_posted';
  const language = toLanguage(await runtime.settings.get('moderation.staffLanguage'));
  const message = buildModeratorsMessage(ad, language);
  try {
    await telegramApiForBot(runtime, bot).editMessageText(post.chatId, post.messageId, message.text, {
      parse_mode: message.parse_mode,
      ...(message.reply_markup ? { reply_markup: message.reply_markup } : {}),
    });
    return 'edited';
  } catch (error) {
    const failure = toTelegramError(error);
    if (failure.kind === 'rejected' && /message is not modified/i.test(failure.description)) return 'unchanged';
    throw failure;
  }
}
