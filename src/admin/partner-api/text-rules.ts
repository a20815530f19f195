/**
 * Character rules for text partners send. Tab, line feed and carriage return are allowed in ad
 * text; every other C0/C1 control character (NUL included) and unpaired UTF-16 surrogates are
 * refused. Identifiers allow no control characters at all.
 */
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const CONTROL_ANY = /[\u0000-\u001f\u007f-\u009f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function isCleanText(text: string): boolean {
  return !CONTROL_IN_TEXT.test(text) && !LONE_SURROGATE.test(text);
}

export function isCleanIdentifier(text: string): boolean {
  return !CONTROL_ANY.test(text) && !LONE_SURROGATE.test(text);
}

/** Persian (۰–۹) and Arabic-Indic (٠–٩) digits to ASCII, for phone numbers typed on Persian keyboards. */
export function toAsciiDigits(text: string): string {
  return text.replace(/[\u06f0-\u06f9\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - (d >= '\u06f0' ? 0x06f0 : 0x0660)));
}

/** Digits with an optional leading +, spaces and dashes between; 7 to 20 digits. */
export function isPhoneNumber(text: string): boolean {
  if (!/^\+?[0-9](?:[0-9 -]*[0-9])?$/.test(text)) return false;
  const digits = text.replace(/\D/g, '').length;
  return digits >= 7 && digits <= 20;
}

/** Text of Persian (or Arabic) script → 'fa', else 'en': the language images and captions use. */
export function guessLanguage(text: string): 'fa' | 'en' {
  return /[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff]/.test(text) ? 'fa' : 'en';
}
