import { badRequest } from './api-error.ts';
import type { Params } from './params.ts';
import type { TgInlineButton, TgReplyMarkup } from './types.ts';

const INLINE_ACTIONS = [
  'callback_data', 'url', 'web_app', 'login_url', 'switch_inline_query', 'switch_inline_query_current_chat',
  'switch_inline_query_chosen_chat', 'copy_text', 'callback_game', 'pay',
];

/** Reads and checks `reply_markup` like the Bot API; returns what the message will echo. */
export function readReplyMarkup(params: Params): TgReplyMarkup | undefined {
  const value = params.json('reply_markup', "can't parse reply keyboard markup JSON object");
  if (value === undefined) return undefined;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw badRequest("can't parse reply keyboard markup JSON object");
  }
  const markup = value as Record<string, unknown>;
  if ('inline_keyboard' in markup) return { inline_keyboard: readInlineKeyboard(markup.inline_keyboard) };
  if ('keyboard' in markup) {
    if (!Array.isArray(markup.keyboard) || !markup.keyboard.every(Array.isArray)) {
      throw badRequest("can't parse reply keyboard markup JSON object");
    }
    for (const row of markup.keyboard as unknown[][]) {
      for (const button of row) {
        if (typeof button === 'string') continue;
        if (button === null || typeof button !== 'object' || typeof (button as { text?: unknown }).text !== 'string') {
          throw badRequest("can't parse keyboard button: field \"text\" must be of type String");
        }
      }
    }
    return markup;
  }
  if ('remove_keyboard' in markup || 'force_reply' in markup) return markup;
  throw badRequest("can't parse reply keyboard markup JSON object");
}

function readInlineKeyboard(value: unknown): TgInlineButton[][] {
  if (!Array.isArray(value)) throw badRequest("can't parse inline keyboard markup: field \"inline_keyboard\" must be an Array");
  return value.map((row: unknown) => {
    if (!Array.isArray(row)) throw badRequest("can't parse inline keyboard markup: field \"inline_keyboard\" must be an Array of Arrays");
    return row.map((item: unknown) => {
      if (item === null || typeof item !== 'object') throw badRequest("can't parse inline keyboard button: InlineKeyboardButton must be an Object");
      const button = item as TgInlineButton;
      if (typeof button.text !== 'string') throw badRequest("can't parse inline keyboard button: Field \"text\" must be of type String");
      if (button.text.length === 0) throw badRequest('BUTTON_TEXT_EMPTY');
      const actions = INLINE_ACTIONS.filter((key) => key in button);
      if (actions.length === 0) throw badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
      if (typeof button.callback_data === 'string') {
        const bytes = Buffer.byteLength(button.callback_data, 'utf8');
        if (bytes < 1 || bytes > 64) throw badRequest('BUTTON_DATA_INVALID');
      }
      if (typeof button.url === 'string' && !/^(https?|tg):\/\//i.test(button.url)) {
        throw badRequest(`inline keyboard button URL '${button.url}' is invalid: Wrong HTTP URL`);
      }
      return button;
    });
  });
}

/** Buttons of an inline keyboard, flattened. */
export function inlineButtons(markup: TgReplyMarkup | undefined): TgInlineButton[] {
  if (!markup || !('inline_keyboard' in markup) || !Array.isArray(markup.inline_keyboard)) return [];
  return (markup.inline_keyboard as TgInlineButton[][]).flat();
}
