import { CliUsageError, requireOption, type CliCommand } from '../cli-command.ts';
import { withRuntime } from '../with-runtime.ts';
import { addBot } from '../../shared/domain/telegram/add-bot.ts';
import { isBotMode } from '../../shared/domain/telegram/bot-summary.ts';
import { CLI_ACTOR } from '../../shared/domain/audit/record-audit.ts';

/** `bot:add --token T [--mode polling|webhook] [--name N]`: the new bot's id alone on the last line. */
export const botAddCommand: CliCommand = {
  name: 'bot:add',
  usage: 'bot:add --token T [--mode polling|webhook] [--name N]   add a Telegram bot (prints its id)',
  async run(args, config, io) {
    const token = requireOption(args, 'token');
    const mode = args.options.mode ?? 'polling';
    if (!isBotMode(mode)) throw new CliUsageError('--mode must be polling or webhook');
    const name = typeof args.options.name === 'string' ? args.options.name : undefined;
    const bot = await withRuntime(config, (rt) => addBot(rt, token, mode, { actor: CLI_ACTOR, ...(name ? { name } : {}) }));
    io.out(`added bot ${bot.username ? `@${bot.username}` : bot.name} (${bot.mode}${bot.isDefault ? ', default' : ''})`);
    io.out(String(bot.id));
    return 0;
  },
};
