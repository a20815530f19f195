import { Composer } from 'grammy';
import { setUserLanguage } from '../../shared/domain/telegram-users/telegram-user-store.ts';
import type { PrivateContext } from '../context.ts';
import { LANGUAGE_DATA_PATTERN } from '../callback-data/menu-data.ts';
import { languageKeyboard } from '../keyboards/menu-keyboards.ts';
import { answerButton, sendHtml } from './replies.ts';
import { sendStepPrompt } from './new-ad/step-prompts.ts';

export async function sendLanguagePrompt(ctx: PrivateContext): Promise<void> {
  await sendHtml(ctx, ctx.tHtml('language-prompt'), languageKeyboard(ctx.t));
}

/**
 * Languages: the choice on first use (nothing else happens until a language is chosen), /lang,
 * and the language buttons (valid at any time). The choice is stored on TelegramUser.language;
 * after it, the current step's prompt (or the menu) is shown again in the new language.
 */
export function languageFeature(): Composer<PrivateContext> {
  const feature = new Composer<PrivateContext>();

  feature.callbackQuery(LANGUAGE_DATA_PATTERN, async (ctx) => {
    const language = ctx.callbackQuery.data === 'lang:en' ? 'en' : 'fa';
    const firstChoice = ctx.tgUser.language === null;
    ctx.tgUser = await setUserLanguage(ctx.services.runtime.database.db, ctx.tgUser.id, language);
    ctx.i18n.useLocale(language);
    await answerButton(ctx);
    const lead = firstChoice ? `${ctx.tHtml('language-set')}\n\n${ctx.tHtml('welcome', { name: ctx.from?.first_name ?? '' })}` : ctx.tHtml('language-set');
    await sendStepPrompt(ctx, lead);
  });

  feature.command('lang', (ctx) => sendLanguagePrompt(ctx));

  feature.use(async (ctx, next) => {
    if (ctx.tgUser.language !== null) return next();
    await answerButton(ctx);
    await sendLanguagePrompt(ctx);
  });

  return feature;
}
