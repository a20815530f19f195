import { hasVerifiedPhone } from '../../../shared/domain/telegram-users/telegram-user-store.ts';
import type { PrivateContext } from '../../context.ts';
import { newNonce, type Draft, type FlowStep } from '../../conversation/conversation-state.ts';
import { sendStepPrompt } from './step-prompts.ts';
import { admitToNewAd } from './submitter-admission.ts';

/**
 * Where a draft goes once the phone is known: the category step, unless it has a category
 * already (Edit & Resubmit) or there are no active categories; then the text step.
 */
export async function stepAfterContact(ctx: PrivateContext, draft: Draft): Promise<FlowStep> {
  if (draft.categoryId !== null && draft.categoryId !== undefined) return 'text';
  const categories = await ctx.services.runtime.database.db.category.count({ where: { active: true } });
  return categories > 0 ? 'category' : 'text';
}

/**
 * Starts a new draft (optionally prefilled), replacing any draft in progress; a banned user or
 * one over a limit is told why instead (submitter-admission.ts).
 */
export async function startNewAd(ctx: PrivateContext, prefill: Omit<Draft, 'nonce'> = {}, lead?: string): Promise<void> {
  if (!(await admitToNewAd(ctx))) return;
  await beginDraft(ctx, prefill, lead);
}

async function beginDraft(ctx: PrivateContext, prefill: Omit<Draft, 'nonce'>, lead?: string): Promise<void> {
  const draft: Draft = { nonce: newNonce(), ...prefill };
  const step = hasVerifiedPhone(ctx.tgUser) ? await stepAfterContact(ctx, draft) : 'contact';
  ctx.convo.enter(step, draft);
  await ctx.convo.save(ctx.update.update_id);
  await sendStepPrompt(ctx, lead);
}

/** "New ad" / /new: continues an unfinished draft instead of silently dropping it. */
export async function resumeOrStartNewAd(ctx: PrivateContext): Promise<void> {
  if (!(await admitToNewAd(ctx))) return;
  if (ctx.convo.step !== 'idle' && ctx.convo.draft) {
    await sendStepPrompt(ctx, ctx.tHtml('flow-resume'));
    return;
  }
  await beginDraft(ctx, {});
}
