import { en, type Dictionary, type MessageKey } from './en.ts';
import { fa } from './fa.ts';

export type PanelLanguage = 'fa' | 'en';
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

const DICTIONARIES: Record<PanelLanguage, Dictionary> = { en, fa };

export function isPanelLanguage(value: unknown): value is PanelLanguage {
  return value === 'fa' || value === 'en';
}

export function directionOf(language: PanelLanguage): 'rtl' | 'ltr' {
  return language === 'fa' ? 'rtl' : 'ltr';
}

/** `t('key', { n: 3 })`: `{n}` in the text is replaced; an unknown key shows itself. */
export function translator(language: PanelLanguage): Translate {
  const dictionary = DICTIONARIES[language];
  return (key, params) => {
    const text: string = dictionary[key] ?? en[key] ?? key;
    if (!params) return text;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
  };
}

/** For labels built from data (`status.${ad.status}`): the key if known, else the raw value. */
export function translateKnown(t: Translate, key: string, fallback: string): string {
  return Object.hasOwn(en, key) ? t(key as MessageKey) : fallback;
}
