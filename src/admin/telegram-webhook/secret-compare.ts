import crypto from 'node:crypto';

/** Constant-time string comparison (the lengths of the inputs do not leak either). */
export function secretsEqual(given: string, expected: string): boolean {
  const a = crypto.createHash('sha256').update(given, 'utf8').digest();
  const b = crypto.createHash('sha256').update(expected, 'utf8').digest();
  return crypto.timingSafeEqual(a, b) && given.length === expected.length;
}
