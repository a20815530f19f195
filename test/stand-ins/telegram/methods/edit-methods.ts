import { isDeepStrictEqual } from 'node:util';
import { badRequest } from '../api-error.ts';
import { readReplyMarkup } from '../reply-markup.ts';
import { now, type StoredMessage } from '../store.ts';
import type { TgMessage } from '../types.ts';
import type { MethodContext, MethodHandler } from './context.ts';
import { assertNotFlooding, readText, resolveChat, snapshot } from './send-target.ts';

const NOT_MODIFIED =
  'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message';

function findMessage(ctx: MethodContext, purpose: 'edit' | 'delete'): { stored: StoredMessage; chatId: number } {
  if (ctx.params.has('inline_message_id')) throw badRequest('MESSAGE_ID_INVALID');
  const chat = resolveChat(ctx);
  const messageId = ctx.params.int('message_id');
  if (messageId === undefined) throw badRequest('message identifier is not specified');
  const stored = ctx.store.conversation(chat.chat, ctx.bot.id).byId.get(messageId);
  if (!stored || stored.deleted) throw badRequest(`message to ${purpose} not found`);
  if (purpose === 'edit' && stored.botId !== ctx.bot.id) throw badRequest("message can't be edited");
  if (purpose === 'edit') assertNotFlooding(ctx, chat);
  return { stored, chatId: chat.chat.id };
}

function applyEdit(ctx: MethodContext, stored: StoredMessage, next: TgMessage): TgMessage {
  const comparable = (m: TgMessage): unknown => ({ text: m.text, entities: m.entities, caption: m.caption, caption_entities: m.caption_entities, reply_markup: m.reply_markup });
  if (isDeepStrictEqual(comparable(stored.message), comparable(next))) throw badRequest(NOT_MODIFIED);
  next.edit_date = now();
  stored.message = next;
  ctx.store.changes.notify();
  return snapshot(next);
}

const editMessageText: MethodHandler = (ctx) => {
  const { stored } = findMessage(ctx, 'edit');
  const { text, entities } = readText(ctx, 'text');
  const replyMarkup = readReplyMarkup(ctx.params);
  if (stored.message.text === undefined) throw badRequest('there is no text in the message to edit');
  const next: TgMessage = { ...stored.message, text };
  if (entities.length > 0) next.entities = entities;
  else delete next.entities;
  // Like Telegram: an edit without reply_markup removes the inline keyboard.
  if (replyMarkup) next.reply_markup = replyMarkup;
  else delete next.reply_markup;
  return applyEdit(ctx, stored, next);
};

const editMessageCaption: MethodHandler = (ctx) => {
  const { stored } = findMessage(ctx, 'edit');
  const caption = readText(ctx, 'caption');
  const replyMarkup = readReplyMarkup(ctx.params);
  const m = stored.message;
  if (!(m.photo || m.document || m.animation || m.video || m.audio)) throw badRequest('there is no caption in the message to edit');
  const next: TgMessage = { ...m };
  if (caption.text) next.caption = caption.text;
  else delete next.caption;
  if (caption.entities.length > 0) next.caption_entities = caption.entities;
  else delete next.caption_entities;
  if (replyMarkup) next.reply_markup = replyMarkup;
  else delete next.reply_markup;
  return applyEdit(ctx, stored, next);
};

const editMessageReplyMarkup: MethodHandler = (ctx) => {
  const { stored } = findMessage(ctx, 'edit');
  const replyMarkup = readReplyMarkup(ctx.params);
  if (replyMarkup && !('inline_keyboard' in replyMarkup)) throw badRequest('REPLY_MARKUP_INVALID');
  const next: TgMessage = { ...stored.message };
  if (replyMarkup) next.reply_markup = replyMarkup;
  else delete next.reply_markup;
  return applyEdit(ctx, stored, next);
};

const deleteMessage: MethodHandler = (ctx) => {
  const { stored } = findMessage(ctx, 'delete');
  const chat = stored.message.chat;
  if (chat.type !== 'private' && stored.botId !== ctx.bot.id) {
    const member = ctx.store.chatById(chat.id)?.members.get(ctx.bot.id);
    if (!(member?.status === 'administrator' && member.rights.can_delete_messages)) throw badRequest("message can't be deleted");
  }
  stored.deleted = true;
  ctx.store.changes.notify();
  return true;
};

export const editMethods: Record<string, MethodHandler> = {
  editMessageText,
  editMessageCaption,
  editMessageReplyMarkup,
  deleteMessage,
};
