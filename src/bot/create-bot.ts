import { Bot, type BotError } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { Runtime } from '../shared/runtime/create-runtime.ts';
import { installTelegramTransformers } from '../shared/integrations/telegram/create-telegram-api.ts';
import { toLanguage } from '../shared/domain/notifications/languages.ts';
import { isPrivateReady, type BotContext } from './context.ts';
import { htmlTranslate, loadChat } from './conversation/load-chat.ts';
import { botI18n, translate } from './i18n/bot-i18n.ts';
import { chatMemberFeature } from './features/chat-member.ts';
import { fallbackFeature } from './features/fallback.ts';
import { languageFeature } from './features/language.ts';
import { moderatorsChatFeature } from './features/moderators-chat.ts';
import { myAdsFeature } from './features/my-ads.ts';
import { renewFeature } from './features/renew.ts';
import { newAdFeature } from './features/new-ad/new-ad-feature.ts';
import { redeliveryGuard } from './features/redelivery.ts';
import { startFeature } from './features/start.ts';
import { answerButton } from './features/replies.ts';

export { registerBotCommands } from './features/bot-commands.ts';
export type { BotContext } from './context.ts';

export interface BotDeps {
  readonly runtime: Runtime;
  readonly botId: number;
  readonly token: string;
  readonly botInfo: UserFromGetMe;
}

/**
 * The grammY bot of one TelegramBot row, with every feature registered. It never polls: the
 * transport feeds it with `bot.handleUpdate(update)`. All state lives in the database (the
 * conversation per chat, the user), so any instance continues any chat. Cheap to build: the
 * texts are parsed once per process.
 *
 * Handler errors never leave handleUpdate: they are logged and the user gets a short apology in
 * their language (no stack trace). A failed update's state write is all-or-nothing, so the user
 * can simply repeat the action.
 */
export function createBot(deps: BotDeps): Bot<BotContext> {
  const { runtime, botId, token, botInfo } = deps;
  const bot = new Bot<BotContext>(token, { botInfo, client: { apiRoot: runtime.config.telegramApiRoot } });
  installTelegramTransformers(bot.api, { profile: 'interactive' });
  const services = { runtime, botId, botInfo, logger: runtime.logger.child({ botId }) };

  bot.use(async (ctx, next) => {
    ctx.services = services;
    await next();
  });
  bot.catch((error) => services.logger.error({ msg: 'update handler failed', update_id: error.ctx.update.update_id, err: error.error }));

  const safe = bot.errorBoundary(apologize);
  safe.use(chatMemberFeature());
  safe.use(moderatorsChatFeature());
  const privateChat = safe.chatType('private');
  privateChat.use(loadChat, botI18n().middleware(), htmlTranslate);
  privateChat
    .filter(isPrivateReady)
    .use(redeliveryGuard, languageFeature(), startFeature(), myAdsFeature(), renewFeature(), newAdFeature(), fallbackFeature());
  return bot;
}

async function apologize(error: BotError<BotContext>): Promise<void> {
  const { ctx } = error;
  ctx.services.logger.error({ msg: 'update handler failed', update_id: ctx.update.update_id, err: error.error });
  try {
    await answerButton(ctx);
    if (ctx.chat?.type === 'private') await ctx.reply(translate(toLanguage(ctx.tgUser?.language), 'error-apology'));
  } catch (failure) {
    ctx.services.logger.warn({ msg: 'could not send the apology', update_id: ctx.update.update_id, err: failure });
  }
}
