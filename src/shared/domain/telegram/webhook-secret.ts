import type { Db } from '../../db/prisma-types.ts';
import type { SecretBox } from '../../crypto/secret-box.ts';

/** What the webhook endpoint needs to know about a bot. */
export interface WebhookBot {
  readonly id: number;
  readonly enabled: boolean;
  /** The decrypted `secret_token`, or null when the bot has none (then nothing is accepted). */
  readonly secret: string | null;
}

export async function loadWebhookBot(db: Db, secretBox: SecretBox, botId: number): Promise<WebhookBot | null> {
  const row = await db.telegramBot.findUnique({ where: { id: botId }, select: { id: true, enabled: true, webhookSecretEncrypted: true } });
  if (!row) return null;
  let secret: string | null = null;
  if (row.webhookSecretEncrypted) {
    try {
      secret = secretBox.decrypt(row.webhookSecretEncrypted);
    } catch {
      secret = null;
    }
  }
  return { id: row.id, enabled: row.enabled, secret };
}
