import { Composer } from 'grammy';
import type { PrivateContext } from '../context.ts';
import { answerButton } from './replies.ts';
import { sendMenu } from './menu.ts';

/**
 * Last in line: an unknown or outdated button gets a short note (state unchanged); an unknown
 * command gets a pointer to /help; anything else outside the flow shows the menu again.
 */
export function fallbackFeature(): Composer<PrivateContext> {
  const feature = new Composer<PrivateContext>();
  feature.on('callback_query', (ctx) => answerButton(ctx, ctx.t('stale-button')));
  feature.on('message', async (ctx) => {
    const command = ctx.message.text?.startsWith('/') ?? false;
    await sendMenu(ctx, command ? { lead: ctx.tHtml('unknown-command') } : {});
  });
  return feature;
}
