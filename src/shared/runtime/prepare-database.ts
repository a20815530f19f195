import type { AppConfig } from '../config/app-config.ts';
import { migrateDatabase, type MigrationReport } from '../db/migrate.ts';
import { createDatabase } from '../db/create-db.ts';
import { seedCategories } from '../db/seed-categories.ts';
import { ensureAdmin, type EnsureAdminResult } from '../domain/staff/staff-accounts.ts';

export interface PreparedDatabase {
  readonly migrations: MigrationReport;
  readonly admin: EnsureAdminResult;
}

/** Migrations first, then the seed categories and the first admin account. Safe to run twice. */
export async function prepareDatabase(config: AppConfig): Promise<PreparedDatabase> {
  const migrations = await migrateDatabase(config.databaseUrl);
  const database = createDatabase({ url: config.databaseUrl, poolSize: 2 });
  try {
    await seedCategories(database.db);
    const admin = await ensureAdmin(database.db, {
      ...(config.adminEmail ? { email: config.adminEmail } : {}),
      ...(config.adminPassword ? { password: config.adminPassword } : {}),
    });
    return { migrations, admin };
  } finally {
    await database.close();
  }
}

export function describeAdminBootstrap(admin: EnsureAdminResult): string | null {
  if (!admin.created) return null;
  if (admin.generatedPassword) {
    return `First start: created admin ${admin.email} with password ${admin.generatedPassword} (shown once; change it in the panel)`;
  }
  return `First start: created admin ${admin.email}`;
}
