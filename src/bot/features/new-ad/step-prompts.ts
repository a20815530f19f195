import { toLanguage } from '../../../shared/domain/notifications/languages.ts';
import { truncate } from '../../../shared/domain/notifications/html.ts';
import { trackingCodeOf } from '../../../shared/domain/ads/ad-status.ts';
import type { PrivateContext } from '../../context.ts';
import { categoryKeyboard, photoKeyboard, previewKeyboard, textKeyboard } from '../../keyboards/flow-keyboards.ts';
import { contactKeyboard } from '../../keyboards/menu-keyboards.ts';
import { sendHtml } from '../replies.ts';
import { sendMenu } from '../menu.ts';
import { activeCategories, categoryLabel } from './categories.ts';

/** The longest ad text quoted back in a prompt (Telegram's message limit is 4096). */
const QUOTE_LIMIT = 3500;

function join(...parts: Array<string | undefined | null | false>): string {
  return parts.filter((part): part is string => typeof part === 'string' && part.length > 0).join('\n\n');
}

/**
 * Sends the prompt of the chat's current step (with its buttons), optionally after a lead
 * paragraph (a confirmation, a notice). Used on entering a step, Back, resuming, /lang, and
 * when a redelivered update is recognised.
 */
export async function sendStepPrompt(ctx: PrivateContext, lead?: string): Promise<void> {
  const { convo, tgUser } = ctx;
  const draft = convo.draft;
  const db = ctx.services.runtime.database.db;
  const language = toLanguage(tgUser.language);
  if (convo.step === 'idle' || !draft) {
    await sendMenu(ctx, { lead });
    return;
  }
  switch (convo.step) {
    case 'contact':
      await sendHtml(ctx, join(lead, ctx.tHtml('contact-prompt')), contactKeyboard(ctx.t));
      return;
    case 'category': {
      const categories = await activeCategories(db, language);
      await sendHtml(ctx, join(lead, ctx.tHtml('category-prompt')), categoryKeyboard(ctx.t, draft.nonce, categories));
      return;
    }
    case 'text': {
      const max = await ctx.services.runtime.settings.get('ads.maxLength');
      const current = draft.content ? ctx.tHtml('text-current', { content: truncate(draft.content, QUOTE_LIMIT) }) : null;
      await sendHtml(ctx, join(lead, ctx.tHtml('text-prompt', { max }), current), textKeyboard(ctx.t, draft));
      return;
    }
    case 'photo':
      await sendHtml(ctx, join(lead, ctx.tHtml('photo-prompt'), draft.photo ? ctx.tHtml('photo-current') : null), photoKeyboard(ctx.t, draft));
      return;
    case 'preview': {
      const category = (await categoryLabel(db, draft.categoryId, language)) ?? ctx.t('no-category');
      const preview = ctx.tHtml('preview', {
        category,
        phone: tgUser.phone ?? '',
        photo: ctx.t(draft.photo ? 'preview-photo-yes' : 'preview-photo-no'),
        content: truncate(draft.content ?? '', QUOTE_LIMIT),
      });
      const resubmit = draft.resubmitOf ? ctx.tHtml('preview-resubmit', { code: trackingCodeOf(draft.resubmitOf) }) : null;
      await sendHtml(ctx, join(lead, preview, resubmit), previewKeyboard(ctx.t, draft.nonce));
      return;
    }
  }
}
