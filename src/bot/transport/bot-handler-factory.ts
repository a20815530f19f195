import type { Update, UserFromGetMe } from 'grammy/types';
import type { Runtime } from '../../shared/runtime/create-runtime.ts';
import type { BotDirectory } from './bot-directory.ts';
import { fetchBotInfo } from './bot-info.ts';
import { createHandlerCache } from './handler-cache.ts';
import type { ResolveHandler } from './update-handler.ts';

/** What the bot factory gets (the shape of create-bot.ts's BotDeps). */
export interface MakeBotDeps {
  readonly runtime: Runtime;
  readonly botId: number;
  readonly token: string;
  readonly botInfo: UserFromGetMe;
}

/** The part of a grammY Bot the transport uses. */
export interface HandlesUpdates {
  init?(): Promise<void>;
  handleUpdate(update: Update): Promise<void>;
}

/**
 * resolveHandler backed by one grammY Bot per bot, each with its own token: built with
 * `makeBot` on first use and rebuilt when the bot row's configVersion changes.
 */
export function createBotHandlers(runtime: Runtime, directory: BotDirectory, makeBot: (deps: MakeBotDeps) => HandlesUpdates): ResolveHandler {
  return createHandlerCache({
    directory,
    async build(row) {
      const token = runtime.secretBox.decrypt(row.tokenEncrypted);
      const botInfo = await fetchBotInfo(runtime.config.telegramApiRoot, token, row);
      const bot = makeBot({ runtime, botId: row.id, token, botInfo });
      await bot.init?.();
      return (update) => bot.handleUpdate(update);
    },
  });
}
