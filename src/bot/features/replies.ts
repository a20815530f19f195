import type { InlineKeyboardMarkup, ReplyKeyboardMarkup, ReplyKeyboardRemove } from 'grammy/types';
import type { BotContext } from '../context.ts';

type Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove;

/** Every bot message: HTML parse mode (texts come from tHtml), no link previews. */
export async function sendHtml(ctx: BotContext, text: string, markup?: Markup): Promise<void> {
  await ctx.reply(text, {
    parse_mode: 'HTML',
    link_preview_options: { is_disabled: true },
    ...(markup ? { reply_markup: markup } : {}),
  });
}

/**
 * Replaces the text of the message whose button was pressed (navigation inside "My ads"); sends
 * a new message when that is impossible (too old, not a text message, deleted).
 */
export async function editOrSend(ctx: BotContext, text: string, markup?: InlineKeyboardMarkup): Promise<void> {
  const message = ctx.callbackQuery?.message;
  if (message && 'text' in message && message.text !== undefined) {
    try {
      await ctx.editMessageText(text, { parse_mode: 'HTML', link_preview_options: { is_disabled: true }, ...(markup ? { reply_markup: markup } : {}) });
      return;
    } catch (error) {
      if (/message is not modified/i.test(String((error as Error).message))) return;
      ctx.services.logger.debug({ msg: 'edit failed; sending a new message', err: error });
    }
  }
  await sendHtml(ctx, text, markup);
}

/**
 * Answers the pressed button (clears its spinner), at most once per update. Telegram refuses a
 * second answer, and a redelivered update's query may be too old: neither is worth failing for.
 */
export async function answerButton(ctx: BotContext, text?: string, options: { alert?: boolean } = {}): Promise<void> {
  if (!ctx.callbackQuery) return;
  const state = ctx as BotContext & { buttonAnswered?: boolean };
  if (state.buttonAnswered) return;
  state.buttonAnswered = true;
  try {
    await ctx.answerCallbackQuery(text === undefined ? undefined : { text, ...(options.alert ? { show_alert: true } : {}) });
  } catch (error) {
    ctx.services.logger.debug({ msg: 'answerCallbackQuery failed', err: error });
  }
}
