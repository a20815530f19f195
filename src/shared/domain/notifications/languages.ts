/** The languages the bot and its messages speak: Persian (default) and English (CONTRACT.md §5). */
export const LANGUAGES = ['fa', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'fa';

export function isLanguage(value: unknown): value is Language {
  return value === 'fa' || value === 'en';
}

/** A stored language (TelegramUser.language, Ad.language, a setting) or the default. */
export function toLanguage(value: string | null | undefined): Language {
  return isLanguage(value) ? value : DEFAULT_LANGUAGE;
}
