import NodeCache from 'node-cache';
import type { Db } from '../../db/prisma-types.ts';
import type { SecretBox } from '../../crypto/secret-box.ts';
import { maskSecret } from '../../crypto/secret-box.ts';
import { AppError } from '../../errors.ts';
import { recordAudit, type AuditActor } from '../audit/record-audit.ts';
import {
  SETTING_DEFINITIONS,
  SETTING_KEYS,
  SettingValidationError,
  validateSetting,
  type SettingKey,
  type SettingValue,
  type SettingsValues,
} from './setting-definitions.ts';

/**
 * Settings stored in the database, read through a per-process cache for 60 s. A save
 * invalidates the cache of the saving process at once; other processes see it within the TTL.
 */
export interface SettingsService {
  getAll(): Promise<SettingsValues>;
  get<K extends SettingKey>(key: K): Promise<SettingValue<K>>;
  /** Validates and saves; secrets are encrypted. An empty string for a secret clears it. */
  set(changes: Partial<Record<SettingKey, unknown>>, actor: AuditActor): Promise<void>;
  /** For display: secrets masked, with whether each is set. */
  describe(): Promise<Array<{ key: SettingKey; value: string | number | boolean; secret: boolean; isSet: boolean }>>;
  invalidate(): void;
}

export interface SettingsServiceDeps {
  readonly db: Db;
  readonly secretBox: SecretBox;
  readonly ttlSeconds?: number;
  readonly now?: () => number;
}

const CACHE_KEY = 'settings';

export function createSettingsService(deps: SettingsServiceDeps): SettingsService {
  const ttlMs = (deps.ttlSeconds ?? 60) * 1000;
  const now = deps.now ?? Date.now;
  const cache = new NodeCache({ stdTTL: deps.ttlSeconds ?? 60, useClones: false, checkperiod: 0 });

  async function load(): Promise<SettingsValues> {
    const rows = await deps.db.setting.findMany();
    const values: Record<string, unknown> = Object.fromEntries(SETTING_KEYS.map((key) => [key, SETTING_DEFINITIONS[key].default]));
    for (const row of rows) {
      if (!(row.key in SETTING_DEFINITIONS)) continue;
      const key = row.key as SettingKey;
      try {
        const raw = row.encrypted ? deps.secretBox.decrypt(row.value) : (JSON.parse(row.value) as unknown);
        values[key] = validateSetting(key, raw);
      } catch {
        // A stored value that no longer validates falls back to the default rather than breaking every reader.
      }
    }
    return Object.freeze(values) as SettingsValues;
  }

  const service: SettingsService = {
    async getAll() {
      const cached = cache.get<{ values: SettingsValues; loadedAt: number }>(CACHE_KEY);
      if (cached && now() - cached.loadedAt < ttlMs) return cached.values;
      const values = await load();
      cache.set(CACHE_KEY, { values, loadedAt: now() });
      return values;
    },

    async get(key) {
      return (await service.getAll())[key];
    },

    async set(changes, actor) {
      const entries = Object.entries(changes) as Array<[SettingKey, unknown]>;
      const prepared = entries.map(([key, value]) => {
        if (!(key in SETTING_DEFINITIONS)) throw new AppError('validation_failed', `Unknown setting ${key}`, { fields: { [key]: 'unknown setting' } });
        try {
          const valid = validateSetting(key, value);
          const secret = SETTING_DEFINITIONS[key].secret;
          return { key, secret, stored: secret ? deps.secretBox.encrypt(String(valid)) : JSON.stringify(valid), cleared: secret && valid === '' };
        } catch (error) {
          if (error instanceof SettingValidationError) {
            throw new AppError('validation_failed', error.message, { fields: { [key]: error.message.replace(`${key}: `, '') } });
          }
          throw error;
        }
      });
      await deps.db.$transaction(async (tx) => {
        for (const item of prepared) {
          if (item.cleared) await tx.setting.deleteMany({ where: { key: item.key } });
          else {
            await tx.setting.upsert({
              where: { key: item.key },
              create: { key: item.key, value: item.stored, encrypted: item.secret, updatedBy: actor.id ?? actor.type },
              update: { value: item.stored, encrypted: item.secret, updatedBy: actor.id ?? actor.type },
            });
          }
        }
        await recordAudit(tx, actor, 'settings.update', { targetType: 'settings', details: { keys: prepared.map((p) => p.key) } });
      });
      cache.del(CACHE_KEY);
    },

    async describe() {
      const values = await service.getAll();
      return SETTING_KEYS.map((key) => {
        const secret = SETTING_DEFINITIONS[key].secret;
        const value = values[key];
        return { key, secret, isSet: value !== '' , value: secret ? maskSecret(String(value)) : value };
      });
    },

    invalidate() {
      cache.del(CACHE_KEY);
    },
  };
  return service;
}
