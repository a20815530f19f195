import type { Runtime } from '../../shared/runtime/create-runtime.ts';
import { createBot, registerBotCommands } from '../create-bot.ts';
import type { BotDirectory } from './bot-directory.ts';
import { createBotHandlers } from './bot-handler-factory.ts';
import type { ResolveHandler } from './update-handler.ts';

/**
 * The production handlers: the conversation bot of create-bot.ts, one instance per bot row,
 * rebuilt when the row's configVersion changes. Each (re)build also sets the command menu
 * (idempotent; a failure only costs the menu, so it does not hold up the update).
 */
export function createBotInstances(runtime: Runtime, directory: BotDirectory): ResolveHandler {
  return createBotHandlers(runtime, directory, (deps) => {
    const bot = createBot(deps);
    void registerBotCommands(bot.api).catch((error: unknown) =>
      runtime.logger.warn({ msg: 'setMyCommands failed', botId: deps.botId, error: error instanceof Error ? error.message : String(error) }),
    );
    return bot;
  });
}
