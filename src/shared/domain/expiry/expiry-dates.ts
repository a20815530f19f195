import type { Language } from '../notifications/languages.ts';

export const DAY_MS = 86_400_000;

const formats = new Map<Language, Intl.DateTimeFormat>();

/** A date as a submitter reads it: Persian calendar and digits in fa, day month year in en. */
export function formatUserDate(language: Language, at: Date): string {
  let format = formats.get(language);
  if (!format) {
    format = new Intl.DateTimeFormat(language === 'fa' ? 'fa-IR' : 'en-GB', { dateStyle: 'medium' });
    formats.set(language, format);
  }
  return format.format(at);
}
