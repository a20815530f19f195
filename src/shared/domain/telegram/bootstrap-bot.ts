import { AppError } from '../../errors.ts';
import { SYSTEM_ACTOR } from '../audit/record-audit.ts';
import { addBot } from './add-bot.ts';
import { hashBotToken } from './bot-token.ts';
import type { RegistryRuntime } from './registry-runtime.ts';

/**
 * BOT_TOKEN/BOT_MODE: makes sure that bot exists (idempotent through the token hash). An
 * existing bot is left as it is (its mode may since have been changed in the panel).
 */
export async function ensureBootstrapBot(runtime: RegistryRuntime): Promise<{ botId: number; created: boolean } | null> {
  const token = runtime.config.botToken;
  if (!token) return null;
  const existing = await runtime.database.db.telegramBot.findUnique({ where: { tokenHash: hashBotToken(token) }, select: { id: true } });
  if (existing) return { botId: existing.id, created: false };
  try {
    const bot = await addBot(runtime, token, runtime.config.botMode, { actor: SYSTEM_ACTOR });
    return { botId: bot.id, created: true };
  } catch (error) {
    // Added by someone else in the meantime: that is the bot.
    if (error instanceof AppError && error.code === 'conflict') return ensureBootstrapBot(runtime);
    throw error;
  }
}
