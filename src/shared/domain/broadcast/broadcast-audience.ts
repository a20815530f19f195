import type { Db, DbTx, Prisma } from '../../db/prisma-types.ts';

/**
 * Who a broadcast reaches: the bot's users with a private chat we can write to, minus those who
 * blocked the bot (TelegramUser.blockedBotAt, set when a send answered 403) and those under an
 * active ban (a shadow-banned user sees the bot as normal, so they are included).
 */
export function audienceWhere(botId: number, now: Date): Prisma.TelegramUserWhereInput {
  return {
    botId,
    chatId: { not: null },
    blockedBotAt: null,
    // Spelled out (not NOT {...}): banKind is NULL for most users, and NOT(NULL = 'ban') is NULL in SQL.
    OR: [{ banKind: null }, { banKind: { not: 'ban' } }, { bannedUntil: { lte: now } }],
  };
}

export function countAudience(db: Db | DbTx, botId: number, now: Date = new Date()): Promise<number> {
  return db.telegramUser.count({ where: audienceWhere(botId, now) });
}
