import crypto from 'node:crypto';
import { badRequest } from '../api-error.ts';
import { formatMessageText } from '../entities/format-text.ts';
import { readReplyMarkup } from '../reply-markup.ts';
import type { TgMessage } from '../types.ts';
import type { MethodContext, MethodHandler } from './context.ts';
import { resolvePhoto } from './photo-input.ts';
import {
  assertCanSend,
  assertNotFlooding,
  postBotMessage,
  readReplyTo,
  readText,
  resolveChat,
  snapshot,
} from './send-target.ts';

const sendMessage: MethodHandler = (ctx) => {
  const chat = resolveChat(ctx);
  assertCanSend(ctx, chat);
  const { text, entities } = readText(ctx, 'text');
  const replyMarkup = readReplyMarkup(ctx.params);
  const replyTo = readReplyTo(ctx, chat);
  assertNotFlooding(ctx, chat);
  const stored = postBotMessage(ctx, chat, {
    ...(replyTo ? { reply_to_message: replyTo } : {}),
    text,
    ...(entities.length > 0 ? { entities } : {}),
    ...linkPreview(ctx),
    ...(replyMarkup ? { reply_markup: replyMarkup } : {}),
  });
  return snapshot(stored.message);
};

const sendPhoto: MethodHandler = async (ctx) => {
  const chat = resolveChat(ctx);
  assertCanSend(ctx, chat);
  const caption = readText(ctx, 'caption');
  const replyMarkup = readReplyMarkup(ctx.params);
  const replyTo = readReplyTo(ctx, chat);
  const photo = await resolvePhoto(ctx, ctx.params.inputFile('photo'));
  assertNotFlooding(ctx, chat);
  const stored = postBotMessage(ctx, chat, {
    ...(replyTo ? { reply_to_message: replyTo } : {}),
    photo,
    ...(caption.text ? { caption: caption.text } : {}),
    ...(caption.entities.length > 0 ? { caption_entities: caption.entities } : {}),
    ...(ctx.params.bool('has_spoiler') ? { has_media_spoiler: true } : {}),
    ...(replyMarkup ? { reply_markup: replyMarkup } : {}),
  });
  return snapshot(stored.message);
};

const sendMediaGroup: MethodHandler = async (ctx) => {
  const chat = resolveChat(ctx);
  assertCanSend(ctx, chat);
  const media = ctx.params.json('media', "can't parse media JSON object");
  if (!Array.isArray(media)) throw badRequest("can't parse media JSON object");
  if (media.length < 2) throw badRequest('media group must contain at least 2 media');
  if (media.length > 10) throw badRequest('too many media in the media group');
  const replyTo = readReplyTo(ctx, chat);
  const items: Array<Partial<TgMessage>> = [];
  for (const [index, raw] of media.entries()) {
    if (raw === null || typeof raw !== 'object') throw badRequest(`can't parse InputMedia JSON object`);
    const item = raw as Record<string, unknown>;
    if (item.type !== 'photo') throw badRequest(`media #${index + 1}: only photos are supported by the stand-in`);
    if (typeof item.media !== 'string') throw badRequest(`media #${index + 1}: there is no media in the request`);
    const caption = formatMessageText(
      {
        raw: typeof item.caption === 'string' ? item.caption : undefined,
        parseMode: typeof item.parse_mode === 'string' ? item.parse_mode : undefined,
        entities: item.caption_entities,
      },
      'caption',
    );
    const photo = await resolvePhoto(ctx, ctx.params.resolveFileString(item.media));
    items.push({
      photo,
      ...(caption.text ? { caption: caption.text } : {}),
      ...(caption.entities.length > 0 ? { caption_entities: caption.entities } : {}),
    });
  }
  assertNotFlooding(ctx, chat, items.length);
  const mediaGroupId = String(BigInt(crypto.randomInt(2 ** 47)) * 100_000n + BigInt(crypto.randomInt(100_000)));
  return items.map((content) =>
    snapshot(
      postBotMessage(ctx, chat, {
        media_group_id: mediaGroupId,
        ...(replyTo ? { reply_to_message: replyTo } : {}),
        ...content,
      }).message,
    ),
  );
};

const CHAT_ACTIONS = new Set([
  'typing', 'upload_photo', 'record_video', 'upload_video', 'record_voice', 'upload_voice', 'upload_document',
  'choose_sticker', 'find_location', 'record_video_note', 'upload_video_note',
]);

const sendChatAction: MethodHandler = (ctx) => {
  const chat = resolveChat(ctx);
  assertCanSend(ctx, chat);
  const action = ctx.params.string('action');
  if (!action) throw badRequest('action is empty');
  if (!CHAT_ACTIONS.has(action)) throw badRequest('wrong parameter action in request');
  return true;
};

function linkPreview(ctx: MethodContext): Partial<TgMessage> {
  const options = ctx.params.json('link_preview_options', "can't parse link preview options JSON object") as
    | { is_disabled?: boolean }
    | undefined;
  if (options?.is_disabled || ctx.params.bool('disable_web_page_preview')) return { link_preview_options: { is_disabled: true } };
  return {};
}

export const messageMethods: Record<string, MethodHandler> = { sendMessage, sendPhoto, sendMediaGroup, sendChatAction };
