import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { DatabaseProvider } from './create-db.ts';

export interface MigrationFile {
  readonly name: string;
  readonly sql: string;
  /** sha256 of migration.sql, as Prisma records it in `_prisma_migrations.checksum`. */
  readonly checksum: string;
}

const PRISMA_DIR = fileURLToPath(new URL('../../../prisma/', import.meta.url));

export function migrationsDirFor(provider: DatabaseProvider): string {
  return path.join(PRISMA_DIR, provider === 'sqlite' ? 'migrations' : 'postgres/migrations');
}

/** The committed migrations of one provider, oldest first. */
export function readMigrations(provider: DatabaseProvider): MigrationFile[] {
  const dir = migrationsDirFor(provider);
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const bytes = fs.readFileSync(path.join(dir, name, 'migration.sql'));
      return {
        name,
        sql: bytes.toString('utf8'),
        checksum: crypto.createHash('sha256').update(bytes).digest('hex'),
      };
    });
}
