import type { Message } from 'grammy/types';
import { normalizeContactPhone } from '../../../shared/domain/telegram-users/phone.ts';
import { saveVerifiedPhone } from '../../../shared/domain/telegram-users/telegram-user-store.ts';
import { LANGUAGES } from '../../../shared/domain/notifications/languages.ts';
import type { PrivateContext } from '../../context.ts';
import { translate } from '../../i18n/bot-i18n.ts';
import { REMOVE_KEYBOARD, contactKeyboard } from '../../keyboards/menu-keyboards.ts';
import { sendHtml } from '../replies.ts';
import { cancelFlow } from './cancel-flow.ts';
import { stepAfterContact } from './start-flow.ts';
import { sendStepPrompt } from './step-prompts.ts';

/** The reply keyboard's Back button sends its label as text, in whichever language it was shown. */
function isBackLabel(text: string): boolean {
  return LANGUAGES.some((language) => translate(language, 'btn-back') === text.trim());
}

/**
 * The contact step: only a contact whose user_id is the sender's own is accepted (Telegram's
 * "share my number" button sends exactly that); the phone is then stored as verified.
 */
export async function onContactMessage(ctx: PrivateContext, message: Message): Promise<void> {
  const draft = ctx.convo.draft;
  if (!draft) return;
  if (message.contact) {
    if (message.contact.user_id !== ctx.from?.id) {
      await sendHtml(ctx, ctx.tHtml('contact-not-yours'), contactKeyboard(ctx.t));
      return;
    }
    const phone = normalizeContactPhone(message.contact.phone_number);
    if (!phone) {
      await sendHtml(ctx, ctx.tHtml('contact-invalid'), contactKeyboard(ctx.t));
      return;
    }
    ctx.tgUser = await saveVerifiedPhone(ctx.services.runtime.database.db, ctx.tgUser.id, phone);
    ctx.convo.enter(await stepAfterContact(ctx, draft), draft);
    await ctx.convo.save(ctx.update.update_id);
    await sendHtml(ctx, ctx.tHtml('contact-saved', { phone }), REMOVE_KEYBOARD);
    await sendStepPrompt(ctx);
    return;
  }
  if (message.text !== undefined && isBackLabel(message.text)) {
    await cancelFlow(ctx);
    return;
  }
  await sendHtml(ctx, ctx.tHtml('contact-use-button'), contactKeyboard(ctx.t));
}
