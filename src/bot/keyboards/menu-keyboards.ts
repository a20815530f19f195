import type { InlineKeyboardMarkup, ReplyKeyboardMarkup, ReplyKeyboardRemove } from 'grammy/types';
import { languageData, menuData } from '../callback-data/menu-data.ts';
import type { Labels } from './labels.ts';

export function mainMenuKeyboard(t: Labels): InlineKeyboardMarkup {
  return {
    inline_keyboard: [
      [{ text: t('btn-new-ad'), callback_data: menuData('new') }],
      [
        { text: t('btn-my-ads'), callback_data: menuData('my') },
        { text: t('btn-help'), callback_data: menuData('help') },
      ],
      [{ text: t('btn-language'), callback_data: menuData('lang') }],
    ],
  };
}

export function homeKeyboard(t: Labels): InlineKeyboardMarkup {
  return { inline_keyboard: [[{ text: t('btn-menu'), callback_data: menuData('home') }]] };
}

export function languageKeyboard(t: Labels): InlineKeyboardMarkup {
  return {
    inline_keyboard: [
      [
        { text: t('btn-lang-fa'), callback_data: languageData('fa') },
        { text: t('btn-lang-en'), callback_data: languageData('en') },
      ],
    ],
  };
}

/** The contact step's reply keyboard: Telegram's own "share contact" button, and Back. */
export function contactKeyboard(t: Labels): ReplyKeyboardMarkup {
  return {
    keyboard: [[{ text: t('btn-share-contact'), request_contact: true }], [{ text: t('btn-back') }]],
    resize_keyboard: true,
    one_time_keyboard: true,
    is_persistent: true,
  };
}

export const REMOVE_KEYBOARD: ReplyKeyboardRemove = { remove_keyboard: true };
