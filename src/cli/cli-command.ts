import type { AppConfig } from '../shared/config/app-config.ts';

/** Output channels of a CLI command (tests capture them). */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

export interface CliCommand {
  readonly name: string;
  readonly usage: string;
  /** Returns the exit code. Throw an AppError (or CliUsageError) for a one-line failure. */
  run(args: ParsedArgs, config: AppConfig, io: CliIo): Promise<number>;
}

export interface ParsedArgs {
  readonly positional: readonly string[];
  readonly options: Readonly<Record<string, string | true>>;
}

export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const positional: string[] = [];
  const options: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg.startsWith('--')) {
      const [key, inline] = arg.slice(2).split(/=(.*)/s, 2);
      const next = argv[i + 1];
      if (inline !== undefined) options[key ?? ''] = inline;
      else if (next !== undefined && !next.startsWith('--')) {
        options[key ?? ''] = next;
        i += 1;
      } else options[key ?? ''] = true;
    } else positional.push(arg);
  }
  return { positional, options };
}

export function requireOption(args: ParsedArgs, name: string): string {
  const value = args.options[name];
  if (typeof value !== 'string' || !value) throw new CliUsageError(`--${name} is required`);
  return value;
}
