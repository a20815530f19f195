import type { AppConfig } from '../shared/config/app-config.ts';
import { createRuntime, type Runtime } from '../shared/runtime/create-runtime.ts';
import { migrateDatabase } from '../shared/db/migrate.ts';
import { createLogger } from '../shared/logger.ts';

/** Runs a CLI command body with a migrated database and a quiet logger, then closes it. */
export async function withRuntime<T>(config: AppConfig, work: (runtime: Runtime) => Promise<T>): Promise<T> {
  await migrateDatabase(config.databaseUrl);
  const runtime = createRuntime(config, { name: 'cli', logger: createLogger({ level: 'silent' }) });
  try {
    return await work(runtime);
  } finally {
    await runtime.database.close();
  }
}
