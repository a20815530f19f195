import type { InlineKeyboardMarkup } from 'grammy/types';
import type { Db } from '../../../shared/db/prisma-types.ts';
import { trackingCodeOf } from '../../../shared/domain/ads/ad-status.ts';
import { truncate } from '../../../shared/domain/notifications/html.ts';
import type { Language } from '../../../shared/domain/notifications/languages.ts';
import { draftPhotos, type Draft } from '../../conversation/conversation-state.ts';
import { previewKeyboard } from '../../keyboards/flow-keyboards.ts';
import type { Labels } from '../../keyboards/labels.ts';
import { categoryLabel } from './categories.ts';

/** The longest ad text quoted back in a prompt (Telegram's message limit is 4096). */
export const QUOTE_LIMIT = 3500;

export function joinParagraphs(...parts: Array<string | undefined | null | false>): string {
  return parts.filter((part): part is string => typeof part === 'string' && part.length > 0).join('\n\n');
}

export interface PreviewTexts {
  /** Plain texts (button labels). */
  readonly t: Labels;
  /** HTML texts with string variables escaped. */
  readonly tHtml: Labels;
}

/**
 * The preview of a draft (category, phone, photo count, text) with Confirm / Edit / Back /
 * Cancel: sent by the preview step in an update, and by the album-preview job once an album is
 * complete (which has no grammY context, hence plain inputs).
 */
export async function previewMessage(
  texts: PreviewTexts,
  input: { db: Db; draft: Draft; phone: string; language: Language; lead?: string | undefined },
): Promise<{ text: string; keyboard: InlineKeyboardMarkup }> {
  const { t, tHtml } = texts;
  const { draft } = input;
  const count = draftPhotos(draft).length;
  const category = (await categoryLabel(input.db, draft.categoryId, input.language)) ?? t('no-category');
  const preview = tHtml('preview', {
    category,
    phone: input.phone,
    photo: count === 0 ? t('preview-photo-no') : count === 1 ? t('preview-photo-yes') : t('preview-photos', { count }),
    content: truncate(draft.content ?? '', QUOTE_LIMIT),
  });
  const resubmit = draft.resubmitOf ? tHtml('preview-resubmit', { code: trackingCodeOf(draft.resubmitOf) }) : null;
  return { text: joinParagraphs(input.lead, preview, resubmit), keyboard: previewKeyboard(t, draft.nonce) };
}
