import fs from 'node:fs';
import { I18n } from '@grammyjs/i18n';
import { FLUENT_BUNDLE_OPTIONS, NOTIFICATION_LOCALE_SOURCES } from '../../shared/domain/notifications/notification-texts.ts';
import { DEFAULT_LANGUAGE, LANGUAGES, toLanguage, type Language } from '../../shared/domain/notifications/languages.ts';
import type { BotContext } from '../context.ts';

/**
 * The bot's Fluent texts (`src/bot/locales/<language>.ftl`, plus the shared notification texts:
 * status labels, decision messages) in one I18n per process: parsed once, so createBot stays
 * cheap. The language of an update is the user's stored choice (TelegramUser.language), else
 * Persian.
 */
let instance: I18n<BotContext> | undefined;

export function botI18n(): I18n<BotContext> {
  if (instance) return instance;
  const i18n = new I18n<BotContext>({
    defaultLocale: DEFAULT_LANGUAGE,
    fluentBundleOptions: FLUENT_BUNDLE_OPTIONS,
    fluentOptions: { warningHandler: () => undefined },
    localeNegotiator: (ctx) => toLanguage(ctx.tgUser?.language),
  });
  for (const language of LANGUAGES) {
    i18n.loadLocaleSync(language, { source: `${botLocaleSource(language)}\n${NOTIFICATION_LOCALE_SOURCES[language]}` });
  }
  instance = i18n;
  return i18n;
}

export function botLocaleSource(language: Language): string {
  return fs.readFileSync(new URL(`../locales/${language}.ftl`, import.meta.url), 'utf8');
}

/** A text outside an update (command descriptions, the error apology before i18n ran). */
export function translate(language: Language, key: string, variables?: Record<string, string | number>): string {
  return botI18n().t(language, key, variables);
}
