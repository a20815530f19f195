import { AppError } from '../../errors.ts';
import { recordAudit, SYSTEM_ACTOR, type AuditActor } from '../audit/record-audit.ts';
import { generateWebhookSecret } from './bot-token.ts';
import { isBotMode, toBotSummary, type BotMode, type BotSummary } from './bot-summary.ts';
import { registryApi, registryError } from './bot-api.ts';
import { webhookUrlFor } from './webhook-endpoint.ts';
import { deleteBotWebhook, setBotWebhook } from './webhook-registration.ts';
import type { RegistryRuntime } from './registry-runtime.ts';

export interface BotChanges {
  readonly name?: string;
  readonly mode?: BotMode;
  readonly enabled?: boolean;
  /** Only `true`: making this bot the default clears the flag on the others. */
  readonly isDefault?: boolean;
}

/**
 * Renames, switches the transport of, enables/disables or makes default a bot. Every change
 * bumps `configVersion`, which the bot process watches to apply it without a restart.
 * A switch to webhook calls setWebhook (with the stored secret, or a new one), a switch to
 * polling calls deleteWebhook — before the row changes, so a refusal leaves the bot as it was.
 */
export async function updateBot(runtime: RegistryRuntime, botId: number, changes: BotChanges, actor: AuditActor = SYSTEM_ACTOR): Promise<BotSummary> {
  const { db } = runtime.database;
  const name = changes.name?.trim();
  if (changes.name !== undefined && (!name || name.length > 100)) {
    throw new AppError('validation_failed', 'The name must be 1–100 characters', { fields: { name: '1–100 characters' } });
  }
  if (changes.mode !== undefined && !isBotMode(changes.mode)) {
    throw new AppError('validation_failed', 'The mode must be polling or webhook', { fields: { mode: 'polling or webhook' } });
  }
  if (changes.isDefault === false) {
    throw new AppError('validation_failed', 'Make another bot the default instead', { fields: { isDefault: 'choose another bot as default' } });
  }
  const bot = await db.telegramBot.findUnique({ where: { id: botId } });
  if (!bot) throw new AppError('not_found', 'Bot not found');

  const data: { name?: string; mode?: BotMode; enabled?: boolean; isDefault?: boolean } = {
    ...(name !== undefined && name !== bot.name ? { name } : {}),
    ...(changes.mode !== undefined && changes.mode !== bot.mode ? { mode: changes.mode } : {}),
    ...(changes.enabled !== undefined && changes.enabled !== bot.enabled ? { enabled: changes.enabled } : {}),
    ...(changes.isDefault === true && !bot.isDefault ? { isDefault: true } : {}),
  };
  if (Object.keys(data).length === 0) return toBotSummary(bot, runtime.secretBox);

  let webhookSecretEncrypted = bot.webhookSecretEncrypted;
  if (data.mode !== undefined) {
    const api = registryApi(runtime.config, runtime.secretBox.decrypt(bot.tokenEncrypted));
    if (data.mode === 'webhook') {
      const secret = webhookSecretEncrypted ? runtime.secretBox.decrypt(webhookSecretEncrypted) : generateWebhookSecret();
      webhookSecretEncrypted ??= runtime.secretBox.encrypt(secret);
      try {
        await setBotWebhook(api, await webhookUrlFor(runtime, botId), secret);
      } catch (error) {
        throw registryError(error, 'setWebhook');
      }
    } else {
      try {
        await deleteBotWebhook(api);
      } catch (error) {
        throw registryError(error, 'deleteWebhook');
      }
    }
  }

  const updated = await db.$transaction(async (tx) => {
    if (data.isDefault) await tx.telegramBot.updateMany({ where: { isDefault: true, id: { not: botId } }, data: { isDefault: false } });
    const { count } = await tx.telegramBot.updateMany({
      where: { id: botId, configVersion: bot.configVersion },
      data: { ...data, webhookSecretEncrypted, configVersion: { increment: 1 } },
    });
    if (count !== 1) throw new AppError('conflict', 'The bot was changed meanwhile; reload and try again');
    await recordAudit(tx, actor, 'bot.update', { targetType: 'bot', targetId: String(botId), details: data });
    return tx.telegramBot.findUniqueOrThrow({ where: { id: botId } });
  });
  return toBotSummary(updated, runtime.secretBox);
}
