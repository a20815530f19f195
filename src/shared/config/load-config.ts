import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { parse as parseDotenv } from 'dotenv';
import { createConfig } from './create-config.ts';
import { ConfigError } from './config-error.ts';
import type { AppConfig } from './app-config.ts';

/**
 * The only reader of process.env: merges `.env` (when present; the real environment wins),
 * reads or creates `data/secret.key` when APP_SECRET is unset, and validates everything.
 */
export function loadConfig(cwd: string = process.cwd()): AppConfig {
  const env = { ...readDotenv(cwd), ...process.env };
  const needsSecretFile = !env.APP_SECRET;
  return createConfig(env, {
    cwd,
    version: readVersion(),
    ...(needsSecretFile ? { fallbackSecret: readOrCreateSecretKey(path.join(cwd, 'data')) } : {}),
  });
}

function readDotenv(cwd: string): Record<string, string> {
  const file = path.join(cwd, '.env');
  if (!fs.existsSync(file)) return {};
  return parseDotenv(fs.readFileSync(file));
}

function readVersion(): string {
  const pkgUrl = new URL('../../../package.json', import.meta.url);
  const pkg = JSON.parse(fs.readFileSync(pkgUrl, 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}

/** 32 random bytes, hex, written once with mode 0600. */
export function readOrCreateSecretKey(dataDir: string): Buffer {
  const file = path.join(dataDir, 'secret.key');
  try {
    const text = fs.readFileSync(file, 'utf8').trim();
    if (!/^[0-9a-fA-F]{64}$/.test(text)) throw new ConfigError('APP_SECRET', `file ${file} does not hold 64 hex characters`);
    return Buffer.from(text, 'hex');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const key = crypto.randomBytes(32).toString('hex');
  try {
    fs.writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another process created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readOrCreateSecretKey(dataDir);
    throw error;
  }
  return Buffer.from(key, 'hex');
}
