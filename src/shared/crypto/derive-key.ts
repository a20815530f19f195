import crypto from 'node:crypto';

/** Purposes that get their own key derived from APP_SECRET (HKDF-SHA256). */
export type KeyPurpose = 'secrets-at-rest' | 'staff-sessions' | 'csrf';

export function deriveKey(appSecret: Buffer, purpose: KeyPurpose): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', appSecret, Buffer.alloc(0), `agahi:${purpose}`, 32));
}
