import { AppError } from '../shared/errors.ts';
import { ConfigError } from '../shared/config/config-error.ts';
import { MigrationError } from '../shared/db/migrate.ts';
import { redactText } from '../shared/redact.ts';
import type { AppConfig } from '../shared/config/app-config.ts';
import { CliUsageError, parseArgs, type CliIo } from './cli-command.ts';
import { CLI_COMMANDS } from './commands/command-list.ts';

/** Runs one CLI command; every failure is one line on stderr and a non-zero exit code. */
export async function runCli(argv: readonly string[], loadConfig: () => AppConfig, io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  const command = CLI_COMMANDS.find((c) => c.name === name);
  if (!command) {
    if (name && name !== 'help' && name !== '--help') io.err(`unknown command: ${name}`);
    io.out('usage: npm run cli -- <command> [options]');
    for (const c of CLI_COMMANDS) io.out(`  ${c.usage}`);
    return name && name !== 'help' && name !== '--help' ? 2 : 0;
  }
  try {
    return await command.run(parseArgs(rest), loadConfig(), io);
  } catch (error) {
    if (error instanceof CliUsageError) {
      io.err(`${name}: ${error.message}`);
      return 2;
    }
    if (error instanceof ConfigError || error instanceof MigrationError) io.err(error.message);
    else if (error instanceof AppError && error.expose) io.err(`${name}: ${redactText(error.message)}`);
    else io.err(`${name} failed: ${redactText(error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error))}`);
    return 1;
  }
}
