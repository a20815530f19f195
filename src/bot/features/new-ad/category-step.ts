import { toLanguage } from '../../../shared/domain/notifications/languages.ts';
import type { PrivateContext } from '../../context.ts';
import type { Draft } from '../../conversation/conversation-state.ts';
import { answerButton } from '../replies.ts';
import { cancelFlow } from './cancel-flow.ts';
import { categoryLabel, isActiveCategory } from './categories.ts';
import { sendStepPrompt } from './step-prompts.ts';

/** A category button (its id), or Back (the first step of a draft: back leaves the flow). */
export async function onCategoryButton(ctx: PrivateContext, action: string, draft: Draft): Promise<void> {
  if (action === 'back') {
    await cancelFlow(ctx);
    return;
  }
  const db = ctx.services.runtime.database.db;
  const id = Number(action);
  if (!Number.isSafeInteger(id) || !(await isActiveCategory(db, id))) {
    await answerButton(ctx);
    await sendStepPrompt(ctx, ctx.tHtml('category-unavailable'));
    return;
  }
  await answerButton(ctx);
  ctx.convo.enter('text', { ...draft, categoryId: id });
  await ctx.convo.save(ctx.update.update_id);
  const label = (await categoryLabel(db, id, toLanguage(ctx.tgUser.language))) ?? '';
  await sendStepPrompt(ctx, ctx.tHtml('category-chosen', { category: label }));
}

/** Anything typed at the category step: the choice is made with the buttons, shown again. */
export async function onCategoryMessage(ctx: PrivateContext): Promise<void> {
  await sendStepPrompt(ctx);
}
