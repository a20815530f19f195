import crypto from 'node:crypto';

const ALPHANUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const URLSAFE = `${ALPHANUM}-_`;

export function randomString(length: number, alphabet: string = ALPHANUM): string {
  const bytes = crypto.randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i += 1) out += alphabet[(bytes[i] ?? 0) % alphabet.length];
  return out;
}

export function randomUrlSafe(length: number): string {
  return randomString(length, URLSAFE);
}

/** A random decimal string of `length` digits, not starting with 0. */
export function randomDigits(length: number): string {
  let out = String(1 + crypto.randomInt(9));
  while (out.length < length) out += String(crypto.randomInt(10));
  return out;
}

/** Masks a secret for logs: first 4 and last 2 characters at most. */
export function maskSecret(secret: string): string {
  if (secret.length <= 8) return '***';
  return `${secret.slice(0, 4)}…${secret.slice(-2)}`;
}
