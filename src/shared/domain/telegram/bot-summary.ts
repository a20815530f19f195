import type { TelegramBot } from '../../db/prisma-types.ts';
import type { SecretBox } from '../../crypto/secret-box.ts';
import { maskSecret } from '../../crypto/secret-box.ts';

export type BotMode = 'polling' | 'webhook';
export const BOT_MODES: readonly BotMode[] = ['polling', 'webhook'];

export function isBotMode(value: unknown): value is BotMode {
  return value === 'polling' || value === 'webhook';
}

/** A bot as other code and the panel see it: never its token or webhook secret. */
export interface BotSummary {
  readonly id: number;
  readonly name: string;
  readonly username: string | null;
  readonly telegramId: string | null;
  readonly mode: BotMode;
  readonly enabled: boolean;
  readonly isDefault: boolean;
  /** `active`, or `error` (see lastError) when Telegram refused the token or the webhook. */
  readonly status: string;
  readonly lastError: string | null;
  readonly heartbeatAt: Date | null;
  readonly configVersion: number;
  /** The token masked for display (`12••••yz`). */
  readonly tokenMasked: string;
  readonly hasWebhookSecret: boolean;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export function toBotSummary(row: TelegramBot, secretBox: SecretBox): BotSummary {
  let tokenMasked = '••••';
  try {
    tokenMasked = maskSecret(secretBox.decrypt(row.tokenEncrypted));
  } catch {
    // A token that no longer decrypts (APP_SECRET changed) is shown fully masked.
  }
  return {
    id: row.id,
    name: row.name,
    username: row.username,
    telegramId: row.telegramId,
    mode: isBotMode(row.mode) ? row.mode : 'polling',
    enabled: row.enabled,
    isDefault: row.isDefault,
    status: row.status,
    lastError: row.lastError,
    heartbeatAt: row.heartbeatAt,
    configVersion: row.configVersion,
    tokenMasked,
    hasWebhookSecret: row.webhookSecretEncrypted !== null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
