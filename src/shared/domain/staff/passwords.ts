import argon2 from 'argon2';
import crypto from 'node:crypto';

/**
 * argon2id with OWASP's recommended minimum (19 MiB, 2 passes, 1 lane) rather than the library's
 * default (64 MiB, 3 passes, 4 lanes): a login then costs about 0.1 s and 19 MiB instead of
 * 0.5 s and 64 MiB, so a few concurrent logins cannot push a small web process past its memory
 * budget. The parameters are stored in each hash: older hashes keep verifying.
 */
export const PASSWORD_HASH_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, PASSWORD_HASH_OPTIONS);
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
