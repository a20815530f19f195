import type { UserFromGetMe } from 'grammy/types';
import { AppError } from '../../errors.ts';
import { recordAudit, SYSTEM_ACTOR, type AuditActor } from '../audit/record-audit.ts';
import { assertTokenFormat, generateWebhookSecret, hashBotToken } from './bot-token.ts';
import { isBotMode, toBotSummary, type BotMode, type BotSummary } from './bot-summary.ts';
import { registryApi, registryError } from './bot-api.ts';
import { webhookUrlFor } from './webhook-endpoint.ts';
import { setBotWebhook } from './webhook-registration.ts';
import type { RegistryRuntime } from './registry-runtime.ts';

export interface AddBotOptions {
  /** Display name; default: the bot's first name from getMe. */
  readonly name?: string;
  readonly actor?: AuditActor;
}

/**
 * Registers a bot: the token is checked with getMe, stored encrypted with its sha256 as the
 * unique key; the first bot becomes the default. In webhook mode the webhook is set at
 * `<public base URL>/telegram/webhook/<id>` with a fresh secret; if Telegram refuses it the bot
 * is not added. Error messages never contain the token.
 */
export async function addBot(runtime: RegistryRuntime, token: string, mode: BotMode = 'polling', options: AddBotOptions = {}): Promise<BotSummary> {
  const { db } = runtime.database;
  const cleanToken = token.trim();
  assertTokenFormat(cleanToken);
  if (!isBotMode(mode)) throw new AppError('validation_failed', 'The mode must be polling or webhook', { fields: { mode: 'polling or webhook' } });
  const tokenHash = hashBotToken(cleanToken);
  const existing = await db.telegramBot.findUnique({ where: { tokenHash }, select: { id: true } });
  if (existing) throw new AppError('conflict', `This bot is already registered (id ${existing.id})`);

  const api = registryApi(runtime.config, cleanToken);
  let me: UserFromGetMe;
  try {
    me = await api.getMe();
  } catch (error) {
    throw registryError(error, 'getMe');
  }
  const secret = mode === 'webhook' ? generateWebhookSecret() : null;
  const name = (options.name?.trim() || me.first_name || me.username || `bot ${me.id}`).slice(0, 100);

  let row;
  try {
    row = await db.$transaction(async (tx) => {
      const isDefault = (await tx.telegramBot.count({ where: { isDefault: true } })) === 0;
      return tx.telegramBot.create({
        data: {
          name,
          username: me.username,
          telegramId: String(me.id),
          tokenEncrypted: runtime.secretBox.encrypt(cleanToken),
          tokenHash,
          mode,
          webhookSecretEncrypted: secret === null ? null : runtime.secretBox.encrypt(secret),
          isDefault,
        },
      });
    });
  } catch (error) {
    if ((error as { code?: string }).code === 'P2002') throw new AppError('conflict', 'This bot is already registered');
    throw error;
  }

  if (secret !== null) {
    try {
      await setBotWebhook(api, await webhookUrlFor(runtime, row.id), secret);
    } catch (error) {
      await db.telegramBot.delete({ where: { id: row.id } });
      throw registryError(error, 'setWebhook');
    }
  }
  await recordAudit(db, options.actor ?? SYSTEM_ACTOR, 'bot.add', {
    targetType: 'bot',
    targetId: String(row.id),
    details: { username: me.username, mode, isDefault: row.isDefault },
  });
  return toBotSummary(row, runtime.secretBox);
}
