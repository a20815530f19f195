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
