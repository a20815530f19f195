// The one place that names the generated client's types. Both providers are generated from the
// same models (prisma/schema.prisma), so the SQLite client's types describe either database.
export type { PrismaClient as Db, Prisma } from '../../generated/sqlite/client.ts';
export type * from '../../generated/sqlite/models.ts';

/** A client usable inside `db.$transaction(async (tx) => …)`. */
export type DbTx = Omit<
  import('../../generated/sqlite/client.ts').PrismaClient,
  '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends'
>;
