import { AppError } from '../../shared/errors.ts';
import type { BotDirectory, BotRow } from './bot-directory.ts';
import type { ResolveHandler, UpdateHandler } from './update-handler.ts';

/**
 * One handler (one grammY Bot) per bot, built on first use and rebuilt when the bot row's
 * `configVersion` changes. Concurrent first uses share one build; a failed build is retried
 * by the next use.
 */
export function createHandlerCache(deps: { directory: BotDirectory; build: (row: BotRow) => Promise<UpdateHandler> }): ResolveHandler {
  const cache = new Map<number, { version: number; handler: Promise<UpdateHandler> }>();
  return async (botId) => {
    const row = await deps.directory.get(botId);
    if (!row) throw new AppError('not_found', `bot ${botId} no longer exists`);
    if (!row.enabled) throw new AppError('conflict', `bot ${botId} is disabled`);
    const cached = cache.get(botId);
    if (cached && cached.version === row.configVersion) return cached.handler;
    const handler = deps.build(row);
    cache.set(botId, { version: row.configVersion, handler });
    handler.catch(() => {
      if (cache.get(botId)?.handler === handler) cache.delete(botId);
    });
    return handler;
  };
}
