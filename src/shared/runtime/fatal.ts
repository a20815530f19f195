import { ConfigError } from '../config/config-error.ts';
import { MigrationError } from '../db/migrate.ts';
import { redactText } from '../redact.ts';

/** Start-up failures: one clear line on stderr, exit 1, never a stack trace for known causes. */
export function exitOnStartupError(error: unknown): never {
  if (error instanceof ConfigError || error instanceof MigrationError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`Start-up failed: ${redactText(message.split('\n')[0] ?? message)}\n`);
  }
  process.exit(1);
}
