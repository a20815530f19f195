import crypto from 'node:crypto';
import { AppError } from '../errors.ts';
import { deriveKey } from './derive-key.ts';

/**
 * AES-256-GCM for secrets stored in the database (bot tokens, Instagram token, OpenAI key,
 * webhook secrets). Stored form: `v1:<iv b64url>:<tag b64url>:<ciphertext b64url>`.
 */
export interface SecretBox {
  encrypt(plaintext: string): string;
  decrypt(stored: string): string;
}

export function createSecretBox(appSecret: Buffer): SecretBox {
  const key = deriveKey(appSecret, 'secrets-at-rest');
  return {
    encrypt(plaintext) {
      const iv = crypto.randomBytes(12);
      const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return ['v1', iv, cipher.getAuthTag(), body].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join(':');
    },
    decrypt(stored) {
      const [version, iv, tag, body] = stored.split(':');
      if (version !== 'v1' || !iv || !tag || body === undefined) {
        throw new AppError('internal', 'Stored secret has an unknown format', { expose: false });
      }
      try {
        const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
      } catch (error) {
        throw new AppError('internal', 'Stored secret cannot be decrypted (was APP_SECRET changed?)', { expose: false, cause: error });
      }
    },
  };
}

/** `abcd…wxyz` style, never revealing more than a few characters. */
export function maskSecret(value: string | null | undefined): string {
  if (!value) return '';
  if (value.length <= 8) return '••••';
  return `${value.slice(0, 2)}••••${value.slice(-2)}`;
}
