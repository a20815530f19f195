import { Composer } from 'grammy';
import type { PrivateContext } from '../../context.ts';
import { FLOW_DATA_PATTERN, parseFlowData, type ButtonStep } from '../../callback-data/flow-data.ts';
import type { Draft } from '../../conversation/conversation-state.ts';
import { answerButton } from '../replies.ts';
import { cancelFlow } from './cancel-flow.ts';
import { onCategoryButton, onCategoryMessage } from './category-step.ts';
import { onContactMessage } from './contact-step.ts';
import { onPhotoStepButton, onPhotoStepMessage } from './photo-step.ts';
import { onPreviewButton, onPreviewMessage } from './preview-step.ts';
import { resumeOrStartNewAd } from './start-flow.ts';
import { onTextStepButton, onTextStepMessage } from './text-step.ts';

const BUTTONS: Record<ButtonStep, (ctx: PrivateContext, action: string, draft: Draft) => Promise<void>> = {
  category: onCategoryButton,
  text: onTextStepButton,
  photo: onPhotoStepButton,
  preview: onPreviewButton,
};

/**
 * The submission flow: /new, the flow's buttons (checked against the stored step and draft
 * nonce: a stale button is answered with a short note and changes nothing; Cancel works from any
 * message of the current draft), and messages routed by the stored step.
 */
export function newAdFeature(): Composer<PrivateContext> {
  const feature = new Composer<PrivateContext>();

  feature.command('new', (ctx) => resumeOrStartNewAd(ctx));

  feature.callbackQuery(FLOW_DATA_PATTERN, async (ctx) => {
    const data = parseFlowData(ctx.callbackQuery.data);
    const { convo } = ctx;
    const draft = convo.draft;
    if (!data) return;
    const sameDraft = draft !== null && draft.nonce === data.nonce;
    if (sameDraft && data.action === 'cancel') {
      await cancelFlow(ctx);
      return;
    }
    if (!sameDraft || convo.step !== data.step) {
      const submitted = convo.data.submitted;
      const repeatedConfirm = data.step === 'preview' && data.action === 'ok' && submitted?.nonce === data.nonce;
      await answerButton(ctx, repeatedConfirm ? ctx.t('already-submitted', { code: submitted.code }) : ctx.t('stale-button'));
      return;
    }
    await BUTTONS[data.step](ctx, data.action, draft);
  });

  feature.on('message', async (ctx, next) => {
    const { message } = ctx;
    switch (ctx.convo.step) {
      case 'contact':
        return onContactMessage(ctx, message);
      case 'category':
        return onCategoryMessage(ctx);
      case 'text':
        return onTextStepMessage(ctx, message);
      case 'photo':
        return onPhotoStepMessage(ctx, message);
      case 'preview':
        return onPreviewMessage(ctx, message);
      default:
        return next();
    }
  });

  return feature;
}
