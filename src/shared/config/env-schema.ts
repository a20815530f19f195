import { z } from 'zod';

/** Every environment variable of CONTRACT.md §2, with its default and validation. */
const booleanish = z.enum(['strict', 'off']);

const httpUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
  .transform((value) => value.replace(/\/+$/, ''));

export const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .default('file:./data/app.db')
    .refine((v) => v.startsWith('file:') || /^postgres(ql)?:\/\//.test(v), {
      error: 'must start with file: (SQLite) or postgresql:// (PostgreSQL)',
    }),
  PORT: z.coerce
    .number({ error: 'must be a port number' })
    .int()
    .min(0, { error: 'must be between 0 and 65535' })
    .max(65535, { error: 'must be between 0 and 65535' })
    .default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  APP_SECRET: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, { error: 'must be 64 hex characters (32 random bytes)' })
    .optional(),
  PUBLIC_BASE_URL: httpUrl.optional(),
  TELEGRAM_API_ROOT: httpUrl.default('https://api.telegram.org'),
  OPENAI_BASE_URL: httpUrl.optional(),
  OPENAI_API_KEY: z.string().min(1).optional(),
  INSTAGRAM_GRAPH_URL: httpUrl.default('https://graph.facebook.com/v21.0'),
  MODERATION_TIMEOUT_MS: z.coerce
    .number({ error: 'must be a number of milliseconds' })
    .int()
    .min(100, { error: 'must be at least 100' })
    .max(600_000, { error: 'must be at most 600000' })
    .default(15_000),
  MEDIA_URL_CHECK: booleanish.default('strict'),
  BOT_TOKEN: z
    .string()
    .regex(/^\d+:[A-Za-z0-9_-]{20,}$/, { error: 'must look like a Telegram bot token (123456:ABC...)' })
    .optional(),
  BOT_MODE: z.enum(['polling', 'webhook']).default('polling'),
  ADMIN_EMAIL: z.email({ error: 'must be an email address' }).optional(),
  ADMIN_PASSWORD: z.string().min(8, { error: 'must be at least 8 characters' }).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type EnvInput = z.input<typeof envSchema>;
export type ParsedEnv = z.output<typeof envSchema>;
