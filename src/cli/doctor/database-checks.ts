import { pendingMigrations } from '../../shared/db/migrate.ts';
import type { DoctorCheck } from './doctor-check.ts';

export const databaseCheck: DoctorCheck = {
  name: 'database',
  async run({ database, config }) {
    await database.db.$queryRawUnsafe('SELECT 1');
    return { ok: true, detail: `${database.provider} reachable${config.sqlitePath ? ` (${config.sqlitePath})` : ''}` };
  },
};

export const journalModeCheck: DoctorCheck = {
  name: 'journal mode',
  async run({ database }) {
    if (database.provider !== 'sqlite') return { ok: true, detail: 'not applicable (PostgreSQL)' };
    const mode = await database.journalMode();
    return { ok: mode === 'wal', detail: `journal_mode=${mode}` };
  },
};

export const migrationsCheck: DoctorCheck = {
  name: 'migrations',
  async run({ config }) {
    const pending = await pendingMigrations(config.databaseUrl);
    return pending.length ? { ok: false, detail: `pending: ${pending.join(', ')} (run: npm run cli -- migrate)` } : { ok: true, detail: 'all applied' };
  },
};
