// Prisma CLI configuration for the PostgreSQL copy of the schema (generate and `migrate diff` only:
// catalog-reading commands hit prisma/orm#27403 through the JS engine; the app applies migrations
// itself, see src/shared/db/migrate.ts).
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';

const url = process.env.PRISMA_POSTGRES_URL ?? 'postgresql://root@127.0.0.1:5432/test';

export default defineConfig({
  experimental: { adapter: true },
  schema: 'schema.prisma',
  migrations: { path: 'migrations' },
  engine: 'js',
  adapter: async () => new PrismaPg({ connectionString: url }),
});
