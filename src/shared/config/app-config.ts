import type { ParsedEnv } from './env-schema.ts';

export type DatabaseProvider = 'sqlite' | 'postgresql';

/** The validated, frozen configuration every process is built from. */
export interface AppConfig {
  readonly databaseUrl: string;
  readonly databaseProvider: DatabaseProvider;
  /** Absolute path of the SQLite file, or null on PostgreSQL. */
  readonly sqlitePath: string | null;
  readonly dataDir: string;
  readonly port: number;
  readonly host: string;
  readonly appSecret: Buffer;
  readonly publicBaseUrl: string;
  readonly telegramApiRoot: string;
  readonly openaiBaseUrl: string | undefined;
  readonly openaiApiKey: string | undefined;
  readonly instagramGraphUrl: string;
  readonly moderationTimeoutMs: number;
  readonly mediaUrlCheck: 'strict' | 'off';
  readonly botToken: string | undefined;
  readonly botMode: 'polling' | 'webhook';
  readonly adminEmail: string | undefined;
  readonly adminPassword: string | undefined;
  readonly logLevel: ParsedEnv['LOG_LEVEL'];
  readonly version: string;
}
