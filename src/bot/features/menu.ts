import type { PrivateContext } from '../context.ts';
import { REMOVE_KEYBOARD, mainMenuKeyboard } from '../keyboards/menu-keyboards.ts';
import { sendHtml } from './replies.ts';

/**
 * The main menu, after an optional lead paragraph. When a reply keyboard (the contact button)
 * may be showing, the lead goes in its own message that removes it: a message carries one
 * keyboard, and the menu's is inline.
 */
export async function sendMenu(ctx: PrivateContext, options: { lead?: string | undefined; removeReplyKeyboard?: boolean } = {}): Promise<void> {
  const menu = ctx.tHtml('menu');
  if (options.removeReplyKeyboard) {
    await sendHtml(ctx, options.lead ?? ctx.tHtml('btn-menu'), REMOVE_KEYBOARD);
    await sendHtml(ctx, menu, mainMenuKeyboard(ctx.t));
    return;
  }
  await sendHtml(ctx, options.lead ? `${options.lead}\n\n${menu}` : menu, mainMenuKeyboard(ctx.t));
}
