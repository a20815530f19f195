import path from 'node:path';
import { envSchema } from './env-schema.ts';
import { ConfigError } from './config-error.ts';
import type { AppConfig } from './app-config.ts';

export interface CreateConfigOptions {
  /** Directory that relative paths (the SQLite file, data/) are resolved against. */
  readonly cwd: string;
  readonly version: string;
  /** Used when APP_SECRET is not set (loadConfig reads or creates data/secret.key). */
  readonly fallbackSecret?: Buffer;
}

/** Pure: validates an environment map into a frozen AppConfig, or throws ConfigError. */
export function createConfig(
  env: Readonly<Record<string, string | undefined>>,
  options: CreateConfigOptions,
): AppConfig {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) throw ConfigError.fromZod(parsed.error);
  const e = parsed.data;

  const isSqlite = e.DATABASE_URL.startsWith('file:');
  const sqlitePath = isSqlite ? path.resolve(options.cwd, sqliteFileOf(e.DATABASE_URL)) : null;
  const secret = e.APP_SECRET ? Buffer.from(e.APP_SECRET, 'hex') : options.fallbackSecret;
  if (!secret) throw new ConfigError('APP_SECRET', 'is not set and no data/secret.key could be used');
  if (e.ADMIN_PASSWORD && !e.ADMIN_EMAIL) throw new ConfigError('ADMIN_EMAIL', 'is required when ADMIN_PASSWORD is set');

  return Object.freeze({
    databaseUrl: e.DATABASE_URL,
    databaseProvider: isSqlite ? 'sqlite' : 'postgresql',
    sqlitePath,
    dataDir: path.resolve(options.cwd, 'data'),
    port: e.PORT,
    host: e.HOST,
    appSecret: secret,
    publicBaseUrl: e.PUBLIC_BASE_URL ?? `http://127.0.0.1:${e.PORT}`,
    telegramApiRoot: e.TELEGRAM_API_ROOT,
    openaiBaseUrl: e.OPENAI_BASE_URL,
    openaiApiKey: e.OPENAI_API_KEY,
    instagramGraphUrl: e.INSTAGRAM_GRAPH_URL,
    moderationTimeoutMs: e.MODERATION_TIMEOUT_MS,
    mediaUrlCheck: e.MEDIA_URL_CHECK,
    botToken: e.BOT_TOKEN,
    botMode: e.BOT_MODE,
    adminEmail: e.ADMIN_EMAIL,
    adminPassword: e.ADMIN_PASSWORD,
    logLevel: e.LOG_LEVEL,
    version: options.version,
  } satisfies AppConfig);
}

/** `file:./data/app.db?x=y` → `./data/app.db`. */
export function sqliteFileOf(databaseUrl: string): string {
  const withoutScheme = databaseUrl.replace(/^file:/, '');
  const file = withoutScheme.split('?')[0] ?? '';
  if (!file) throw new ConfigError('DATABASE_URL', 'has no SQLite file path after file:');
  return file;
}
