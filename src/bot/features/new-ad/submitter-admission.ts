import { toLanguage } from '../../../shared/domain/notifications/languages.ts';
import { SubmissionRefused, loadSubmitterLimits, precheckSubmitter, type SubmissionRefusal } from '../../../shared/domain/submitters/submitter-quotas.ts';
import type { PrivateContext } from '../../context.ts';
import { mainMenuKeyboard } from '../../keyboards/menu-keyboards.ts';
import { answerButton, sendHtml } from '../replies.ts';

/**
 * Before a new ad starts (/new, New ad, Edit & Resubmit): a banned user or one over a limit is
 * told so in their language and nothing starts. A shadow-banned user passes (they must not
 * notice). The binding check runs again at Confirm, inside the submitting transaction.
 */
export async function admitToNewAd(ctx: PrivateContext): Promise<boolean> {
  const { runtime } = ctx.services;
  try {
    await precheckSubmitter(runtime.database.db, ctx.tgUser.id, await loadSubmitterLimits(runtime.settings));
    return true;
  } catch (error) {
    if (!(error instanceof SubmissionRefused)) throw error;
    await tellRefused(ctx, error.refusal);
    return false;
  }
}

/** The refusal message (with the main menu), answering the pressed button if any. */
export async function tellRefused(ctx: PrivateContext, refusal: SubmissionRefusal, now: Date = new Date()): Promise<void> {
  await answerButton(ctx);
  await sendHtml(ctx, refusalText(ctx, refusal, now), mainMenuKeyboard(ctx.t));
}

export function refusalText(ctx: PrivateContext, refusal: SubmissionRefusal, now: Date = new Date()): string {
  switch (refusal.kind) {
    case 'banned':
      return refusal.until ? ctx.tHtml('submit-banned-until', { until: formatMoment(toLanguage(ctx.tgUser.language), refusal.until) }) : ctx.tHtml('submit-banned');
    case 'max_active':
      return ctx.tHtml('quota-active', { max: refusal.limit });
    case 'max_per_day': {
      const minutes = Math.max(1, Math.ceil((refusal.retryAt.getTime() - now.getTime()) / 60_000));
      const wait = minutes < 60 ? ctx.t('quota-wait-minutes', { minutes }) : ctx.t('quota-wait-hours', { hours: Math.ceil(minutes / 60) });
      return ctx.tHtml('quota-daily', { max: refusal.limit, wait });
    }
  }
}

/** A ban's end as the user reads it. */
export function formatMoment(language: 'fa' | 'en', at: Date): string {
  return new Intl.DateTimeFormat(language === 'fa' ? 'fa-IR' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(at);
}
