import { badRequest, forbidden, tooManyRequests } from '../api-error.ts';
import { formatMessageText } from '../entities/format-text.ts';
import type { ParsedText } from '../entities/parsed-text.ts';
import { now, type ChatState, type StoredMessage } from '../store.ts';
import type { TgMessage, TgUser } from '../types.ts';
import type { MethodContext } from './context.ts';

/** Finds the chat a `chat_id` names (number or @username); 400 "chat not found" otherwise. */
export function resolveChat(ctx: MethodContext, name = 'chat_id'): ChatState {
  const id = ctx.params.chatId(name);
  if (typeof id === 'number' && ctx.store.botById(id)) throw forbidden("bots can't send messages to bots");
  const chat = typeof id === 'string' ? ctx.store.chatByUsername(id) : ctx.store.chatById(id);
  if (!chat) throw badRequest('chat not found');
  return chat;
}

/** The checks Telegram makes before a bot may post into a chat. */
export function assertCanSend(ctx: MethodContext, chat: ChatState): void {
  const { bot } = ctx;
  if (chat.chat.type === 'private') {
    const user = ctx.store.userById(chat.chat.id);
    if (!user) throw badRequest('chat not found');
    if (user.blocked.has(bot.id)) throw forbidden('bot was blocked by the user');
    if (!user.started.has(bot.id)) throw forbidden("bot can't initiate conversation with a user");
    return;
  }
  const member = chat.members.get(bot.id);
  const kind = chat.chat.type === 'channel' ? 'channel' : chat.chat.type === 'supergroup' ? 'supergroup' : 'group';
  if (!member || member.status === 'left') {
    if (kind === 'channel' && !chat.chat.username) throw badRequest('chat not found');
    throw forbidden(`bot is not a member of the ${kind} chat`);
  }
  if (member.status === 'kicked') throw forbidden(`bot was kicked from the ${kind} chat`);
  if (kind === 'channel' && !(member.status === 'creator' || (member.status === 'administrator' && member.rights.can_post_messages))) {
    throw badRequest('need administrator rights in the channel chat');
  }
}

/** Flood control: 429 with retry_after when the bot sends too fast. */
export function assertNotFlooding(ctx: MethodContext, chat: ChatState, count = 1): void {
  const retryAfter = ctx.flood.take(ctx.bot.id, chat.chat.id, count);
  if (retryAfter !== undefined) throw tooManyRequests(retryAfter);
}

export function botSender(bot: { user: TgUser }): TgUser {
  const { id, is_bot, first_name, username } = bot.user;
  return { id, is_bot, first_name, ...(username ? { username } : {}) };
}

export function readText(ctx: MethodContext, textParam: 'text' | 'caption'): ParsedText {
  const entitiesParam = textParam === 'text' ? 'entities' : 'caption_entities';
  return formatMessageText(
    {
      raw: ctx.params.string(textParam),
      parseMode: ctx.params.string('parse_mode'),
      entities: ctx.params.json(entitiesParam, `can't parse ${entitiesParam} JSON object`),
    },
    textParam,
  );
}

/** reply_parameters / reply_to_message_id → the message replied to (or undefined). */
export function readReplyTo(ctx: MethodContext, chat: ChatState): TgMessage | undefined {
  const replyParameters = ctx.params.json('reply_parameters', "can't parse reply parameters JSON object") as
    | { message_id?: number; allow_sending_without_reply?: boolean }
    | undefined;
  const messageId = replyParameters?.message_id ?? ctx.params.int('reply_to_message_id');
  if (messageId === undefined) return undefined;
  const allowWithout = replyParameters?.allow_sending_without_reply ?? ctx.params.bool('allow_sending_without_reply') ?? false;
  const stored = ctx.store.conversation(chat.chat, ctx.bot.id).byId.get(messageId);
  if (!stored || stored.deleted) {
    if (allowWithout) return undefined;
    throw badRequest('message to be replied not found');
  }
  const replied: TgMessage = { ...stored.message };
  delete replied.reply_to_message;
  return replied;
}

/** Appends a message from the bot to the chat and returns it. */
export function postBotMessage(ctx: MethodContext, chat: ChatState, content: Partial<TgMessage>): StoredMessage {
  const conversation = ctx.store.conversation(chat.chat, ctx.bot.id);
  const isChannel = chat.chat.type === 'channel';
  return ctx.store.appendMessage(
    conversation,
    (messageId) =>
      ({
        message_id: messageId,
        ...(isChannel ? { sender_chat: { ...chat.chat } } : { from: botSender(ctx.bot) }),
        chat: { ...chat.chat },
        date: now(),
        ...(ctx.params.bool('protect_content') ? { has_protected_content: true } : {}),
        ...content,
      }) as TgMessage,
    { botId: ctx.bot.id },
  );
}

/** A deep copy, so callers cannot change the stored message. */
export function snapshot<T>(value: T): T {
  return structuredClone(value);
}
