import type { MessageKey } from './i18n/en.ts';
import { translator, type PanelLanguage } from './i18n/translator.ts';

/**
 * The short fixed list of common rejection reasons (both languages live in the dictionaries
 * under `canned.<key>`). The text sent to the submitter is in the AD's language, whatever the
 * language of the staff member who picked it.
 */
export const CANNED_REASON_KEYS = ['incomplete', 'prohibited', 'duplicate', 'wrong_category', 'not_an_ad', 'unreadable'] as const;
export type CannedReasonKey = (typeof CANNED_REASON_KEYS)[number];

export function isCannedReasonKey(value: string): value is CannedReasonKey {
  return (CANNED_REASON_KEYS as readonly string[]).includes(value);
}

export function cannedReasonText(key: CannedReasonKey, language: PanelLanguage): string {
  return translator(language)(`canned.${key}` as MessageKey);
}

export interface CannedReasonOption {
  readonly key: CannedReasonKey;
  /** In the staff member's language (the option label). */
  readonly text: string;
  /** In the ad's language (what gets filled in and sent). */
  readonly textForAd: string;
}

export function cannedReasonOptions(staffLanguage: PanelLanguage, adLanguage: PanelLanguage = staffLanguage): CannedReasonOption[] {
  return CANNED_REASON_KEYS.map((key) => ({ key, text: cannedReasonText(key, staffLanguage), textForAd: cannedReasonText(key, adLanguage) }));
}
