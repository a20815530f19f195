import type { MiddlewareFn } from 'grammy';
import { escapeVariables } from '../../shared/domain/notifications/notification-texts.ts';
import { ensureTelegramUser } from '../../shared/domain/telegram-users/telegram-user-store.ts';
import type { BotContext } from '../context.ts';
import { ChatConversation } from './chat-conversation.ts';

/** Private chats: loads (or creates) the TelegramUser and the chat's conversation state. Runs before i18n. */
export const loadChat: MiddlewareFn<BotContext> = async (ctx, next) => {
  if (!ctx.from || !ctx.chat) return next();
  const { runtime, botId } = ctx.services;
  const db = runtime.database.db;
  const [user, convo] = await Promise.all([ensureTelegramUser(db, botId, ctx.from, ctx.chat.id), ChatConversation.load(db, botId, ctx.chat.id)]);
  ctx.tgUser = user;
  ctx.convo = convo;
  await next();
};

/** Adds ctx.tHtml after the i18n middleware: ctx.t with string variables escaped for HTML. */
export const htmlTranslate: MiddlewareFn<BotContext> = async (ctx, next) => {
  ctx.tHtml = (key, variables) => ctx.t(key, escapeVariables(variables));
  await next();
};
