import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testProviders } from '../../helpers/databases.ts';
import { createTestRuntime, startTestWebServer, type TestRuntime, type TestServer } from '../../helpers/test-runtime.ts';
import { listAds } from '../../../src/shared/domain/review/ad-list-query.ts';
import { encodeTimeIdCursor } from '../../../src/shared/domain/review/keyset-cursor.ts';
import { PanelClient } from './helpers/panel-client.ts';
import { createStaff, TEST_PASSWORD } from './helpers/panel-fixtures.ts';

const TOTAL = 100_000;
/** Rows per INSERT: within SQLite's 32,766 and PostgreSQL's 65,535 bound parameters. */
const BATCH = 5_000;

/** 100k ads over ~100 days (every 5th waiting for review), inserted in bulk. */
async function seed(rt: TestRuntime): Promise<void> {
  const db = rt.database.db;
  const pg = rt.database.provider === 'postgresql';
  const start = Date.UTC(2025, 0, 1);
  for (let offset = 0; offset < TOTAL; offset += BATCH) {
    const values: string[] = [];
    const params: unknown[] = [];
    for (let i = offset; i < offset + BATCH; i += 1) {
      const hex = i.toString(16).padStart(8, '0');
      const at = new Date(start + i * 86_400 + (i % 7 === 0 ? 0 : 1)); // some instants shared by two ads
      const iso = pg ? at.toISOString().replace('T', ' ').replace('Z', '') : at.toISOString().replace('Z', '+00:00');
      const p = params.length;
      const ph = (n: number) => (pg ? `$${p + n}` : '?');
      values.push(pg ? `(${ph(1)}, ${ph(2)}, ${ph(3)}, 'bot', ${ph(4)}, ${ph(5)}::timestamp, ${ph(5)}::timestamp)` : `(?, ?, ?, 'bot', ?, ?, ?)`);
      params.push(`${hex}-0000-4000-8000-${hex}0000`, hex, i % 5 === 0 ? 'pending_manual' : 'approved', `bulk ad ${i} ${i % 100 === 0 ? 'needle' : 'hay'}`, iso);
      if (!pg) params.push(iso);
    }
    await db.$executeRawUnsafe(`INSERT INTO "Ad" ("id", "code", "status", "source", "content", "createdAt", "updatedAt") VALUES ${values.join(', ')}`, ...params);
  }
}

for (const provider of testProviders()) {
  describe(`ads list at 100k ads (${provider})`, () => {
    let rt: TestRuntime;
    let server: TestServer;

    before(async () => {
      rt = await createTestRuntime(provider);
      await seed(rt);
      if (provider === 'postgresql') await rt.database.db.$executeRawUnsafe('ANALYZE "Ad"');
      server = await startTestWebServer(rt);
      await createStaff(rt, 'admin@x.test', 'admin');
    });
    after(async () => {
      await server?.close();
      await rt?.close();
    });

    it('a page deep in the list returns the right rows (keyset, no OFFSET)', async () => {
      const deps = { db: rt.database.db, provider: rt.database.provider };
      const rows = await rt.database.db.ad.findMany({ where: { id: { in: ['00000064-0000-4000-8000-000000640000', '00015f90-0000-4000-8000-00015f900000'] } }, select: { id: true, createdAt: true } });
      const deep = rows.find((r) => r.id.startsWith('00000064')); // 100th oldest: ~99.9k newer ads before it
      assert.ok(deep);
      const time = async (work: () => Promise<unknown>) => {
        const samples: number[] = [];
        for (let i = 0; i < 7; i += 1) {
          const started = performance.now();
          await work();
          samples.push(performance.now() - started);
        }
        return samples.sort((a, b) => a - b)[3] ?? 0;
      };
      for (const filters of [{}, { statuses: ['pending_manual' as const] }, { statuses: ['pending_ai' as const, 'pending_manual' as const] }]) {
        const cursor = encodeTimeIdCursor({ at: deep.createdAt, id: deep.id });
        const first = await time(() => listAds(deps, filters, { limit: 50 }));
        const deepPage = await time(() => listAds(deps, filters, { limit: 50, cursor }));
        const page = await listAds(deps, filters, { limit: 50, cursor });
        assert.ok(page.items.length > 0 && page.items.every((a) => a.createdAt <= deep.createdAt));
        // Figures only (timings are the benchmark's business); the index use is asserted below.
        console.log(`[keyset ${provider}] ${JSON.stringify(filters)}: first page ${first.toFixed(1)} ms, deep page ${deepPage.toFixed(1)} ms`);
      }
      const oldest = await time(() => listAds(deps, { sort: 'oldest' }, { limit: 50, cursor: encodeTimeIdCursor({ at: new Date(Date.UTC(2025, 0, 1) + 95_000 * 86_400), id: 'f' }) }));
      console.log(`[keyset ${provider}] oldest-first deep page ${oldest.toFixed(1)} ms`);
    });

    it('walking 20 pages and a search through the panel works at 100k ads', async () => {
      const client = new PanelClient(server.url);
      await client.login('admin@x.test', TEST_PASSWORD);
      let url: string | null = '/ads?status=pending_manual';
      const started = performance.now();
      for (let i = 0; i < 20 && url; i += 1) {
        const html: string = (await client.get(url)).text;
        url = /<a class="button" href="([^"]+)" rel="next">/.exec(html)?.[1]?.replace(/&amp;/g, '&') ?? null;
      }
      const search = await client.get('/ads?q=needle');
      assert.equal(search.status, 200);
      assert.equal((search.text.match(/<a class="mono" href="\/ads\//g) ?? []).length, 50);
      console.log(`[keyset ${provider}] ${(performance.now() - started).toFixed(0)} ms for 21 panel pages`);
    });

    if (provider === 'sqlite') {
      it('SQLite plans: an index seek at the cursor, never a scan of the table', async () => {
        const plan = async (sql: string) =>
          (await rt.database.db.$queryRawUnsafe<Array<{ detail: string }>>(`EXPLAIN QUERY PLAN ${sql}`, '2025-06-01T00:00:00.000+00:00', '2025-06-01T00:00:00.000+00:00', 'x')).map((r) => r.detail).join(' | ');
        const all = await plan(`SELECT id FROM "Ad" WHERE "createdAt" <= ? AND ("createdAt" < ? OR id < ?) ORDER BY "createdAt" DESC, id DESC LIMIT 51`);
        assert.match(all, /SEARCH .*Ad_createdAt_id_idx \(createdAt<\?\)/);
        const status = await plan(`SELECT id FROM "Ad" WHERE status = 'pending_manual' AND "createdAt" <= ? AND ("createdAt" < ? OR id < ?) ORDER BY "createdAt" DESC, id DESC LIMIT 51`);
        assert.match(status, /SEARCH .*Ad_status_createdAt_idx \(status=\? AND createdAt<\?\)/);
        assert.doesNotMatch(`${all} ${status}`, /SCAN Ad\b/);
      });
    } else {
      it('PostgreSQL plans: an index scan from the cursor, never a sequential scan of the table', async () => {
        const plan = async (sql: string) =>
          JSON.stringify(await rt.database.db.$queryRawUnsafe(`EXPLAIN (FORMAT JSON) ${sql}`, new Date('2025-06-01T00:00:00Z'), new Date('2025-06-01T00:00:00Z'), 'x'));
        const all = await plan(`SELECT id FROM "Ad" WHERE "createdAt" <= $1 AND ("createdAt" < $2 OR id < $3) ORDER BY "createdAt" DESC, id DESC LIMIT 51`);
        const status = await plan(`SELECT id FROM "Ad" WHERE status = 'pending_manual' AND "createdAt" <= $1 AND ("createdAt" < $2 OR id < $3) ORDER BY "createdAt" DESC, id DESC LIMIT 51`);
        for (const text of [all, status]) {
          assert.match(text, /Index (Only )?Scan/);
          assert.doesNotMatch(text, /Seq Scan/);
        }
      });
    }
  });
}
