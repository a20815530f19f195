import pino, { type Logger, type LevelWithSilent } from 'pino';
import { redactText } from './redact.ts';

export type { Logger } from 'pino';

/** Keys whose values never reach a log line, at any depth we know of. */
const REDACT_PATHS = [
  'token', '*.token', 'botToken', '*.botToken', 'accessToken', '*.accessToken',
  'apiKey', '*.apiKey', 'password', '*.password', 'secret', '*.secret', 'authorization',
  '*.authorization', 'headers.authorization', 'headers.cookie', 'headers["x-api-key"]',
  'headers["x-telegram-bot-api-secret-token"]', 'req.headers.authorization', 'req.headers.cookie',
  'req.headers["x-api-key"]', 'req.headers["x-telegram-bot-api-secret-token"]', 'cookie',
  'tokenEncrypted', '*.tokenEncrypted', 'passwordHash', '*.passwordHash',
];

export interface CreateLoggerOptions {
  readonly level: LevelWithSilent;
  readonly name?: string;
  /** Where lines go (tests pass a stream to read them back). */
  readonly destination?: pino.DestinationStream;
}

export function createLogger(options: CreateLoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      ...(options.name ? { name: options.name } : {}),
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: { err: serializeError, error: serializeError },
      hooks: {
        // Secrets inside free text (a token in a URL, in an error message) are scrubbed too.
        logMethod(args, method) {
          const scrubbed = args.map((arg) => (typeof arg === 'string' ? redactText(arg) : arg));
          return method.apply(this, scrubbed as Parameters<typeof method>);
        },
      },
    },
    options.destination,
  );
}

function serializeError(error: unknown): unknown {
  const plain = pino.stdSerializers.err(error as Error);
  return JSON.parse(redactText(JSON.stringify(plain))) as unknown;
}
