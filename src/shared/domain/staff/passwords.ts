import argon2 from 'argon2';
import crypto from 'node:crypto';

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/** A readable generated password for the first admin (printed once). */
export function generatePassword(): string {
  return crypto.randomBytes(12).toString('base64url');
}
