// Prisma CLI configuration. Prisma 6.19.3 with the JS schema engine runs offline (no engine
// download): see ../shared/DESIGN.md "Environment facts". The app itself migrates with
// src/shared/db/migrate.ts; this file serves `prisma generate`, `migrate diff` and `migrate deploy`.
import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';

const databaseUrl = process.env.DATABASE_URL ?? '';
const sqliteUrl = process.env.PRISMA_SQLITE_URL ?? (databaseUrl.startsWith('file:') ? databaseUrl : 'file:./data/app.db');

export default defineConfig({
  experimental: { adapter: true },
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
  engine: 'js',
  adapter: async () => new PrismaBetterSQLite3({ url: sqliteUrl }),
});
