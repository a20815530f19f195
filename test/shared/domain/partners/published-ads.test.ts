import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { testProviders, createTestDatabase, type TestDatabase } from '../../../helpers/databases.ts';
import { listPublishedAds, publishedAdWhere, type PublishedAdRow } from '../../../../src/shared/domain/partners/partner-ad-queries.ts';

const HOUR = 3_600_000;

/**
 * `GET /api/v1/ads` reads with one hand-written SQL statement; the category counts and the rest of
 * the product use `publishedAdWhere`. Both must say the same thing about every kind of ad.
 */
for (const provider of testProviders()) {
  describe(`published ads: the SQL page and publishedAdWhere agree (${provider})`, () => {
    let database: TestDatabase;
    const now = new Date();
    const ids: Record<string, string> = {};

    before(async () => {
      database = await createTestDatabase(provider);
      const db = database.db;
      const category = await db.category.findFirstOrThrow({ where: { slug: 'sale' } });
      const kinds: Record<string, Record<string, unknown>> = {
        plain: {},
        noCategory: { categoryId: null },
        edited: { contentVersion: 2 },
        neverExpires: { expiresAt: null },
        lapsed: { expiresAt: new Date(now.getTime() - 1) },
        scheduled: { publishAt: new Date(now.getTime() + HOUR) },
        scheduleDue: { publishAt: new Date(now.getTime() - HOUR) },
        shadowed: { shadowed: true },
        pending: { status: 'pending_manual', approvedAt: null },
        expiredStatus: { status: 'expired' },
        withdrawn: { status: 'withdrawn' },
      };
      let n = 0;
      for (const [name, overrides] of Object.entries(kinds)) {
        const id = crypto.randomUUID();
        ids[name] = id;
        n += 1;
        await db.ad.create({
          data: {
            id,
            code: id.slice(0, 8),
            status: 'approved',
            source: 'partner',
            content: `ad ${name}`,
            categoryId: category.id,
            approvedAt: new Date(now.getTime() - n * 60_000),
            expiresAt: new Date(now.getTime() + 30 * 24 * HOUR),
            ...overrides,
          },
        });
        for (const kind of ['feed', 'story']) {
          await db.media.create({ data: { adId: id, kind, contentVersion: 1, path: `${kind}/${name}.jpg`, mime: 'image/jpeg', width: 1080, height: 1350, bytes: 1 } });
        }
      }
    });

    after(async () => {
      await database?.drop();
    });

    it('lists exactly the ads publishedAdWhere selects, newest approval first, with current images only', async () => {
      const expected = await database.db.ad.findMany({ where: publishedAdWhere(now), orderBy: [{ approvedAt: 'desc' }, { id: 'desc' }], select: { id: true } });
      const pages: PublishedAdRow[] = [];
      let after: { at: Date; id: string } | undefined;
      do {
        const page = await listPublishedAds(database.db, { now, limit: 2, ...(after ? { after } : {}) });
        pages.push(...page.items);
        after = page.next ?? undefined;
      } while (after);
      assert.deepEqual(pages.map((row) => row.id), expected.map((row) => row.id));
      const named = (id: string) => Object.keys(ids).find((name) => ids[name] === id);
      assert.deepEqual(pages.map((row) => named(row.id)), ['plain', 'noCategory', 'edited', 'neverExpires', 'scheduleDue']);

      const byName = new Map(pages.map((row) => [named(row.id), row]));
      assert.deepEqual([byName.get('plain')?.categorySlug, byName.get('plain')?.feedImagePath, byName.get('plain')?.storyImagePath], ['sale', 'feed/plain.jpg', 'story/plain.jpg']);
      assert.equal(byName.get('noCategory')?.categorySlug, null);
      // Images of an earlier version of the text are not the ad's images any more.
      assert.deepEqual([byName.get('edited')?.feedImagePath, byName.get('edited')?.storyImagePath], [null, null]);
      const stored = await database.db.ad.findUniqueOrThrow({ where: { id: ids.plain! }, select: { approvedAt: true } });
      assert.equal(byName.get('plain')?.approvedAt.toISOString(), stored.approvedAt?.toISOString());
    });
  });
}
