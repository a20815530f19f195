import type { Db, TelegramBot } from '../../db/prisma-types.ts';
import { AppError } from '../../errors.ts';
import { recordAudit, type AuditActor } from '../audit/record-audit.ts';

export type BotMode = 'polling' | 'webhook';

export interface BotChanges {
  readonly name?: string;
  readonly enabled?: boolean;
  readonly mode?: BotMode;
}

export type BotListRow = Omit<TelegramBot, 'tokenEncrypted' | 'tokenHash' | 'webhookSecretEncrypted'>;

/** Every bot, without its secrets. */
export function listBots(db: Db): Promise<BotListRow[]> {
  return db.telegramBot.findMany({
    orderBy: { id: 'asc' },
    omit: { tokenEncrypted: true, tokenHash: true, webhookSecretEncrypted: true },
  });
}

/**
 * Renames, enables/disables or switches the transport of a bot. Every change bumps
 * `configVersion`, which the bot process watches to apply it without a restart.
 */
export async function updateBot(db: Db, botId: number, changes: BotChanges, actor: AuditActor): Promise<BotListRow> {
  const name = changes.name?.trim();
  if (changes.name !== undefined && (!name || name.length > 100)) {
    throw new AppError('validation_failed', 'The name must be 1–100 characters', { fields: { name: '1–100 characters' } });
  }
  return db.$transaction(async (tx) => {
    const bot = await tx.telegramBot.findUnique({ where: { id: botId } });
    if (!bot) throw new AppError('not_found', 'Bot not found');
    const data = {
      ...(name !== undefined && name !== bot.name ? { name } : {}),
      ...(changes.enabled !== undefined && changes.enabled !== bot.enabled ? { enabled: changes.enabled } : {}),
      ...(changes.mode !== undefined && changes.mode !== bot.mode ? { mode: changes.mode } : {}),
    };
    if (Object.keys(data).length === 0) {
      const { tokenEncrypted: _t, tokenHash: _h, webhookSecretEncrypted: _w, ...rest } = bot;
      return rest;
    }
    const updated = await tx.telegramBot.update({
      where: { id: botId },
      data: { ...data, configVersion: { increment: 1 } },
      omit: { tokenEncrypted: true, tokenHash: true, webhookSecretEncrypted: true },
    });
    await recordAudit(tx, actor, 'bot.update', { targetType: 'bot', targetId: String(botId), details: data });
    return updated;
  });
}
