import type { MiddlewareFn } from 'grammy';
import type { PrivateContext } from '../context.ts';
import { mainMenuKeyboard } from '../keyboards/menu-keyboards.ts';
import { answerButton, sendHtml } from './replies.ts';
import { sendStepPrompt } from './new-ad/step-prompts.ts';

/**
 * An update that already changed this chat's state (the same update_id, redelivered after a
 * crash between its state write and its acknowledgement) is not applied again: the reply it was
 * meant to produce — the tracking code, or the current step's prompt — is sent instead.
 * Only equality is compared: Telegram may restart update ids after a quiet week.
 */
export const redeliveryGuard: MiddlewareFn<PrivateContext> = async (ctx, next) => {
  const { convo } = ctx;
  if (convo.data.lastUpdateId !== ctx.update.update_id) return next();
  ctx.services.logger.info({ msg: 'update already applied; repeating its reply', update_id: ctx.update.update_id });
  await answerButton(ctx);
  // A photo of an album still being collected: its preview comes from the album_preview job.
  if (convo.step === 'preview' && convo.draft?.album) return;
  const submitted = convo.data.submitted;
  if (convo.step === 'idle' && submitted?.updateId === ctx.update.update_id) {
    await sendHtml(ctx, ctx.tHtml('submitted', { code: submitted.code }), mainMenuKeyboard(ctx.t));
    return;
  }
  await sendStepPrompt(ctx);
};
