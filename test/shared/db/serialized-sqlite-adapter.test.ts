import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaClient } from '../../../src/generated/sqlite/client.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/databases.ts';
import type { Db } from '../../../src/shared/db/prisma-types.ts';

/**
 * A plain write issued while another caller's interactive transaction is open must survive
 * that transaction's rollback (prisma/orm#29933 on the bare adapter).
 */
async function plainWriteDuringRolledBackTransaction(db: Db, slug: string): Promise<void> {
  let plainWrite: Promise<unknown> | undefined;
  await assert.rejects(
    db.$transaction(async (tx) => {
      await tx.category.create({ data: { slug: `${slug}-inside`, nameFa: 'د', nameEn: 'inside' } });
      // .then() starts it now (Prisma queries are lazy): it is issued while the transaction is open.
      plainWrite = db.category.create({ data: { slug, nameFa: 'ب', nameEn: 'plain' } }).then(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 50));
      throw new Error('roll back');
    }),
    /roll back/,
  );
  await plainWrite;
}

describe('serialized SQLite adapter', () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase('sqlite');
  });
  after(async () => {
    await database.drop();
  });

  it('keeps a plain write issued while another transaction is open and then rolled back', async () => {
    await plainWriteDuringRolledBackTransaction(database.db, 'plain-survives');
    assert.ok(await database.db.category.findUnique({ where: { slug: 'plain-survives' } }), 'the plain write was lost');
    assert.equal(await database.db.category.findUnique({ where: { slug: 'plain-survives-inside' } }), null);
  });

  it('the bare Prisma adapter loses that write (why the wrapper exists; fails once upstream fixes it)', async () => {
    const bare = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: database.url.replace(/^file:/, ''), timeout: 15_000 }) });
    try {
      await plainWriteDuringRolledBackTransaction(bare as unknown as Db, 'plain-lost');
      assert.equal(await bare.category.findUnique({ where: { slug: 'plain-lost' } }), null);
    } finally {
      await bare.$disconnect();
    }
  });

  it('runs concurrent read-then-write transactions of one process one at a time', async () => {
    const before = await database.db.category.count();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        database.db.$transaction(async (tx) => {
          const count = await tx.category.count();
          await tx.category.create({ data: { slug: `seq-${i}-${count}`, nameFa: 'x', nameEn: 'x' } });
        }),
      ),
    );
    const rows = await database.db.category.findMany({ where: { slug: { startsWith: 'seq-' } } });
    // Each transaction saw every earlier one's row: the counts are all different.
    assert.equal(new Set(rows.map((r) => r.slug.split('-')[2])).size, 20);
    assert.equal(await database.db.category.count(), before + 20);
  });
});
