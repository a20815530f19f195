import { AppError } from '../../errors.ts';
import type { TelegramBot } from '../../db/prisma-types.ts';
import { toBotSummary, type BotSummary } from './bot-summary.ts';
import type { RegistryRuntime } from './registry-runtime.ts';

/** Every bot, oldest first, without secrets. */
export async function listBots(runtime: Pick<RegistryRuntime, 'database' | 'secretBox'>): Promise<BotSummary[]> {
  const rows = await runtime.database.db.telegramBot.findMany({ orderBy: { id: 'asc' } });
  return rows.map((row) => toBotSummary(row, runtime.secretBox));
}

export async function getBotRow(runtime: Pick<RegistryRuntime, 'database'>, botId: number): Promise<TelegramBot> {
  const row = await runtime.database.db.telegramBot.findUnique({ where: { id: botId } });
  if (!row) throw new AppError('not_found', 'Bot not found');
  return row;
}
