import { AppError } from '../../errors.ts';
import { recordAudit, SYSTEM_ACTOR, type AuditActor } from '../audit/record-audit.ts';
import { generateWebhookSecret } from './bot-token.ts';
import { registryApi, registryError } from './bot-api.ts';
import { getBotRow } from './bot-queries.ts';
import { webhookUrlFor } from './webhook-endpoint.ts';
import { setBotWebhook } from './webhook-registration.ts';
import type { RegistryRuntime } from './registry-runtime.ts';

export interface BotWebhookInfo {
  readonly botId: number;
  readonly mode: string;
  /** What Telegram has (empty when no webhook is set). */
  readonly url: string;
  /** Where this installation wants it. */
  readonly expectedUrl: string;
  readonly pendingUpdateCount: number;
  readonly lastErrorDate: Date | null;
  readonly lastErrorMessage: string | null;
  readonly maxConnections: number | null;
  readonly allowedUpdates: readonly string[] | null;
}

/** getWebhookInfo for a bot, next to the URL this installation expects. */
export async function webhookInfo(runtime: RegistryRuntime, botId: number): Promise<BotWebhookInfo> {
  const bot = await getBotRow(runtime, botId);
  const api = registryApi(runtime.config, runtime.secretBox.decrypt(bot.tokenEncrypted));
  try {
    const info = await api.getWebhookInfo();
    return {
      botId,
      mode: bot.mode,
      url: info.url ?? '',
      expectedUrl: await webhookUrlFor(runtime, botId),
      pendingUpdateCount: info.pending_update_count,
      lastErrorDate: info.last_error_date ? new Date(info.last_error_date * 1000) : null,
      lastErrorMessage: info.last_error_message ?? null,
      maxConnections: info.max_connections ?? null,
      allowedUpdates: info.allowed_updates ?? null,
    };
  } catch (error) {
    throw registryError(error, 'getWebhookInfo');
  }
}

/**
 * Calls setWebhook again for a bot in webhook mode (after the public URL changed, or to repair
 * it), with the stored secret or, with `rotateSecret`, a new one.
 */
export async function reRegisterWebhook(
  runtime: RegistryRuntime,
  botId: number,
  options: { rotateSecret?: boolean; actor?: AuditActor } = {},
): Promise<{ url: string }> {
  const bot = await getBotRow(runtime, botId);
  if (bot.mode !== 'webhook') throw new AppError('conflict', 'The bot is in polling mode; switch it to webhook first');
  const rotate = options.rotateSecret === true || !bot.webhookSecretEncrypted;
  const secret = rotate ? generateWebhookSecret() : runtime.secretBox.decrypt(bot.webhookSecretEncrypted as string);
  const url = await webhookUrlFor(runtime, botId);
  if (rotate) {
    // Stored first: webhook calls carrying the new secret must find it (the web process
    // re-reads the secret when a request's does not match its cached copy).
    await runtime.database.db.telegramBot.update({ where: { id: botId }, data: { webhookSecretEncrypted: runtime.secretBox.encrypt(secret) } });
  }
  try {
    await setBotWebhook(registryApi(runtime.config, runtime.secretBox.decrypt(bot.tokenEncrypted)), url, secret);
  } catch (error) {
    throw registryError(error, 'setWebhook');
  }
  await recordAudit(runtime.database.db, options.actor ?? SYSTEM_ACTOR, 'bot.webhook_registered', {
    targetType: 'bot',
    targetId: String(botId),
    details: { url, rotatedSecret: rotate },
  });
  return { url };
}
