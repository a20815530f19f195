import type { Context } from 'grammy';
import type { I18nFlavor, TranslateFunction } from '@grammyjs/i18n';
import type { UserFromGetMe } from 'grammy/types';
import type { Logger } from '../shared/logger.ts';
import type { Runtime } from '../shared/runtime/create-runtime.ts';
import type { TelegramUser } from '../shared/db/prisma-types.ts';
import type { ChatConversation } from './conversation/chat-conversation.ts';

/** What every handler may use: the process runtime and which bot this is. */
export interface BotServices {
  readonly runtime: Runtime;
  readonly botId: number;
  readonly botInfo: UserFromGetMe;
  readonly logger: Logger;
}

/**
 * The context of every update. `t` (from the i18n plugin) inserts variables as they are: use it
 * for button labels and callback answers. `tHtml` escapes string variables: use it for message
 * text, which is always sent with parse_mode HTML.
 */
export type BotContext = Context &
  I18nFlavor & {
    services: BotServices;
    tHtml: TranslateFunction;
    /** Set in private chats (see load-chat.ts). */
    tgUser?: TelegramUser;
    convo?: ChatConversation;
  };

/** A private-chat update after the user and the conversation were loaded. */
export type PrivateContext = BotContext & { tgUser: TelegramUser; convo: ChatConversation };

export function isPrivateReady<C extends BotContext>(ctx: C): ctx is C & { tgUser: TelegramUser; convo: ChatConversation } {
  return ctx.tgUser !== undefined && ctx.convo !== undefined;
}
