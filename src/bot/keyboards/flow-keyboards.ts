import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types';
import { flowData } from '../callback-data/flow-data.ts';
import { draftPhotos, type Draft } from '../conversation/conversation-state.ts';
import type { Labels } from './labels.ts';

export interface CategoryOption {
  readonly id: number;
  readonly label: string;
}

function navRow(t: Labels, step: 'category' | 'text' | 'photo' | 'preview', nonce: string): InlineKeyboardButton[] {
  return [
    { text: t('btn-back'), callback_data: flowData(step, nonce, 'back') },
    { text: t('btn-cancel'), callback_data: flowData(step, nonce, 'cancel') },
  ];
}

/** Active categories two per row, in their order, then Back / Cancel. */
export function categoryKeyboard(t: Labels, nonce: string, categories: readonly CategoryOption[]): InlineKeyboardMarkup {
  const rows: InlineKeyboardButton[][] = [];
  categories.forEach((category, index) => {
    const button = { text: category.label, callback_data: flowData('category', nonce, category.id) };
    if (index % 2 === 0) rows.push([button]);
    else rows[rows.length - 1]?.push(button);
  });
  return { inline_keyboard: [...rows, navRow(t, 'category', nonce)] };
}

export function textKeyboard(t: Labels, draft: Draft): InlineKeyboardMarkup {
  const keep = draft.content ? [[{ text: t('btn-keep-text'), callback_data: flowData('text', draft.nonce, 'keep') }]] : [];
  return { inline_keyboard: [...keep, navRow(t, 'text', draft.nonce)] };
}

export function photoKeyboard(t: Labels, draft: Draft): InlineKeyboardMarkup {
  const choices = draftPhotos(draft).length > 0
    ? [
        { text: t('btn-keep-photo'), callback_data: flowData('photo', draft.nonce, 'keep') },
        { text: t('btn-remove-photo'), callback_data: flowData('photo', draft.nonce, 'none') },
      ]
    : [{ text: t('btn-skip-photo'), callback_data: flowData('photo', draft.nonce, 'skip') }];
  return { inline_keyboard: [choices, navRow(t, 'photo', draft.nonce)] };
}

export function previewKeyboard(t: Labels, nonce: string): InlineKeyboardMarkup {
  return {
    inline_keyboard: [
      [{ text: t('btn-confirm'), callback_data: flowData('preview', nonce, 'ok') }],
      [
        { text: t('btn-edit'), callback_data: flowData('preview', nonce, 'edit') },
        { text: t('btn-back'), callback_data: flowData('preview', nonce, 'back') },
      ],
      [{ text: t('btn-cancel'), callback_data: flowData('preview', nonce, 'cancel') }],
    ],
  };
}
