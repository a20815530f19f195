import { toLanguage } from '../../../shared/domain/notifications/languages.ts';
import { truncate } from '../../../shared/domain/notifications/html.ts';
import type { PrivateContext } from '../../context.ts';
import { draftPhotos } from '../../conversation/conversation-state.ts';
import { categoryKeyboard, photoKeyboard, textKeyboard } from '../../keyboards/flow-keyboards.ts';
import { contactKeyboard } from '../../keyboards/menu-keyboards.ts';
import { sendHtml } from '../replies.ts';
import { sendMenu } from '../menu.ts';
import { activeCategories } from './categories.ts';
import { joinParagraphs as join, previewMessage, QUOTE_LIMIT } from './preview-message.ts';

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
      await sendHtml(ctx, join(lead, ctx.tHtml('photo-prompt'), draftPhotos(draft).length > 0 ? ctx.tHtml('photo-current') : null), photoKeyboard(ctx.t, draft));
      return;
    case 'preview': {
      const preview = await previewMessage({ t: ctx.t, tHtml: ctx.tHtml }, { db, draft, phone: tgUser.phone ?? '', language, lead });
      await sendHtml(ctx, preview.text, preview.keyboard);
      return;
    }
  }
}
