import { Composer } from 'grammy';
import { parseResubmitPayload } from '../../shared/domain/notifications/resubmit-link.ts';
import type { PrivateContext } from '../context.ts';
import { MENU_DATA_PATTERN } from '../callback-data/menu-data.ts';
import { homeKeyboard } from '../keyboards/menu-keyboards.ts';
import { answerButton, sendHtml } from './replies.ts';
import { sendMenu } from './menu.ts';
import { cancelFlow } from './new-ad/cancel-flow.ts';
import { resumeOrStartNewAd } from './new-ad/start-flow.ts';
import { sendLanguagePrompt } from './language.ts';
import { showMyAds } from './my-ads.ts';
import { startResubmit } from './resubmit.ts';

async function sendHelp(ctx: PrivateContext): Promise<void> {
  const max = await ctx.services.runtime.settings.get('ads.maxLength');
  await sendHtml(ctx, ctx.tHtml('help', { max }), homeKeyboard(ctx.t));
}

/**
 * /start (also the deep link `/start resubmit_<uuid>`), /help, /cancel and the main menu's
 * buttons. /start goes home: a draft in progress is dropped.
 */
export function startFeature(): Composer<PrivateContext> {
  const feature = new Composer<PrivateContext>();

  feature.command('start', async (ctx) => {
    const resubmitId = parseResubmitPayload(ctx.match);
    if (resubmitId !== null) {
      await startResubmit(ctx, resubmitId);
      return;
    }
    const wasContact = ctx.convo.step === 'contact';
    if (ctx.convo.step !== 'idle') {
      ctx.convo.leave();
      await ctx.convo.save(ctx.update.update_id);
    }
    await sendMenu(ctx, { lead: ctx.tHtml('welcome', { name: ctx.from?.first_name ?? '' }), removeReplyKeyboard: wasContact });
  });

  feature.command('help', (ctx) => sendHelp(ctx));
  feature.command('cancel', (ctx) => cancelFlow(ctx));

  feature.callbackQuery(MENU_DATA_PATTERN, async (ctx) => {
    const item = ctx.callbackQuery.data.slice('menu:'.length);
    await answerButton(ctx);
    if (item === 'new') await resumeOrStartNewAd(ctx);
    else if (item === 'my') await showMyAds(ctx, 0, 'send');
    else if (item === 'help') await sendHelp(ctx);
    else if (item === 'lang') await sendLanguagePrompt(ctx);
    else await sendMenu(ctx);
  });

  return feature;
}
