/**
 * A shared contact's phone as stored: `+` and digits. Telegram sends digits, sometimes with a
 * leading `+`; anything else (spaces, dashes) is dropped. Null when it cannot be a phone number.
 */
export function normalizeContactPhone(raw: string): string | null {
  const digits = raw.replace(/\D/g, '');
  if (digits.length < 6 || digits.length > 15) return null;
  return `+${digits}`;
}
