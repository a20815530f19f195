import fs from 'node:fs';
import { Fluent, type TranslationVariables } from '@grammyjs/i18n';
import { escapeHtml } from './html.ts';
import { LANGUAGES, type Language } from './languages.ts';

/**
 * The Fluent texts every sender of user-facing Telegram messages shares (decision DMs, status
 * labels, the moderators' chat), in `locales/<language>.ftl`. The bot appends them to its own
 * texts (`NOTIFICATION_LOCALE_SOURCES`), so one key means the same words everywhere.
 */
export const NOTIFICATION_LOCALE_SOURCES: Readonly<Record<Language, string>> = Object.fromEntries(
  LANGUAGES.map((language) => [language, fs.readFileSync(new URL(`./locales/${language}.ftl`, import.meta.url), 'utf8')]),
) as Record<Language, string>;

/** Fluent bundle options used by every bundle of this project: no bidi isolation marks around variables (codes stay copyable). */
export const FLUENT_BUNDLE_OPTIONS = { useIsolating: false } as const;

let fluent: Fluent | undefined;

function instance(): Fluent {
  if (!fluent) {
    const created = new Fluent({ warningHandler: () => undefined });
    for (const language of LANGUAGES) {
      created.addTranslationSync({ locales: language, source: NOTIFICATION_LOCALE_SOURCES[language], isDefault: language === 'fa', bundleOptions: FLUENT_BUNDLE_OPTIONS });
    }
    fluent = created;
  }
  return fluent;
}

/** A text as plain text (button labels, callback answers): variables are inserted as they are. */
export function plainText(language: Language, key: string, variables?: TranslationVariables): string {
  return instance().translate(language, key, variables);
}

/** A text for HTML parse mode: string variables are escaped. */
export function htmlText(language: Language, key: string, variables?: TranslationVariables): string {
  return instance().translate(language, key, escapeVariables(variables));
}

export function escapeVariables(variables: TranslationVariables | undefined): TranslationVariables | undefined {
  if (!variables) return variables;
  return Object.fromEntries(Object.entries(variables).map(([name, value]) => [name, typeof value === 'string' ? escapeHtml(value) : value]));
}
