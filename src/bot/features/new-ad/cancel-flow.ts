import type { PrivateContext } from '../../context.ts';
import { answerButton } from '../replies.ts';
import { sendMenu } from '../menu.ts';

/** /cancel, a Cancel button, or Back from the first step: drops the draft and shows the menu. */
export async function cancelFlow(ctx: PrivateContext): Promise<void> {
  const { convo } = ctx;
  await answerButton(ctx);
  if (convo.step === 'idle') {
    await sendMenu(ctx, { lead: ctx.tHtml('flow-nothing-to-cancel') });
    return;
  }
  const wasContact = convo.step === 'contact';
  convo.leave();
  await convo.save(ctx.update.update_id);
  await sendMenu(ctx, { lead: ctx.tHtml('flow-cancelled'), removeReplyKeyboard: wasContact });
}
