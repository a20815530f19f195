import type { Db } from '../../db/prisma-types.ts';

/**
 * Bot health as the bot process reports it. None of these bump `configVersion`: they describe
 * the bot, they do not change what should run.
 */
export async function markBotError(db: Db, botId: number, message: string): Promise<void> {
  await db.telegramBot.updateMany({ where: { id: botId }, data: { status: 'error', lastError: message.slice(0, 500) } });
}

const TOKEN_REFUSED = 'Telegram refused the bot token';

/** 401 from Telegram: the bot stays in error, and is not tried again until its row changes. */
export async function markBotTokenRefused(db: Db, botId: number, description: string): Promise<void> {
  await markBotError(db, botId, `${TOKEN_REFUSED} (${description})`);
}

export function isTokenRefusal(lastError: string | null): boolean {
  return lastError?.startsWith(TOKEN_REFUSED) ?? false;
}

/** Clears a previous error once the bot works again. */
export async function markBotActive(db: Db, botId: number): Promise<void> {
  await db.telegramBot.updateMany({ where: { id: botId, status: { not: 'active' } }, data: { status: 'active', lastError: null } });
}

export async function writeHeartbeats(db: Db, botIds: readonly number[], at: Date = new Date()): Promise<void> {
  if (botIds.length === 0) return;
  await db.telegramBot.updateMany({ where: { id: { in: [...botIds] } }, data: { heartbeatAt: at } });
}
