import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testProviders } from '../../helpers/databases.ts';
import { startPartnerApi, walkPages, type ApiResponse, type Caller, type PartnerApiFixture } from './partner-api-fixture.ts';

const READERS = 20;
const SUBMITTERS = 5;
const RUN_MS = 3_500;
const MAX_REQUESTS = 2_500;
/** Each worker moves to a fresh client address before it reaches the per-IP limit (120/min). */
const REQUESTS_PER_IP = 100;

for (const provider of testProviders()) {
  describe(`partner API under concurrency (${provider})`, () => {
    let api: PartnerApiFixture;

    before(async () => {
      api = await startPartnerApi(provider);
    });
    after(async () => {
      await api?.close();
    });

    it('two simultaneous GET /api/v1/list both succeed', async () => {
      const partner = await api.newPartner();
      const caller = api.caller(partner.key);
      for (let i = 0; i < 3; i += 1) assert.equal((await caller.submit({ content: `seed ${i}` })).status, 201);
      const [a, b] = await Promise.all([caller.get('/api/v1/list'), caller.get('/api/v1/list')]);
      assert.equal(a?.status, 200);
      assert.equal(b?.status, 200);
      assert.deepEqual(a?.body, b?.body);
      assert.equal((a?.body as { items: unknown[] }).items.length, 3);
    });

    it('20 readers and 5 submitters at once: no 5xx, every 201 visible, pages consistent', async (t) => {
      const partner = await api.newPartner({ rateLimitPerMin: 100_000 });
      const created: string[] = [];
      const approved: string[] = [];
      const failures: string[] = [];
      const statusCounts = new Map<number, number>();
      let requests = 0;
      let walks = 0;

      /** A worker's calls: counted, bounded, spread over addresses, every 5xx or network error kept. */
      function worker(): { call: (send: (c: Caller) => Promise<ApiResponse>) => Promise<ApiResponse | null> } {
        let caller = api.caller(partner.key);
        let sent = 0;
        return {
          async call(send) {
            if (requests >= MAX_REQUESTS) return null;
            requests += 1;
            sent += 1;
            if (sent % REQUESTS_PER_IP === 0) caller = api.caller(partner.key);
            try {
              const response = await send(caller);
              statusCounts.set(response.status, (statusCounts.get(response.status) ?? 0) + 1);
              if (response.status >= 500) failures.push(`${response.status} ${JSON.stringify(response.body)}`);
              return response;
            } catch (error) {
              failures.push(`network: ${String(error)}`);
              return null;
            }
          },
        };
      }

      // Ads that exist before the run: every concurrent walk must see all of them.
      const seeder = api.caller(partner.key);
      for (let i = 0; i < 30; i += 1) {
        const response = await seeder.submit({ content: `before the run ${i}`, externalId: `seed-${i}` });
        created.push((response.body as { uuid: string }).uuid);
      }
      for (const id of created.slice(0, 10)) {
        await api.decide(id, { action: 'approve' });
        approved.push(id);
      }

      const deadline = Date.now() + RUN_MS;
      const running = () => Date.now() < deadline && requests < MAX_REQUESTS;

      const submitter = async (n: number) => {
        const { call } = worker();
        // Every worker does at least one round, however loaded the machine is.
        for (let i = 0; i === 0 || running(); i += 1) {
          const response = await call((c) => c.submit({ content: `concurrent ${n}-${i}`, category: i % 2 ? 'rent' : 'sale', externalId: `w${n}-${i}` }));
          if (response?.status !== 201) {
            if (response) assert.equal(response.status, 201, JSON.stringify(response.body));
            continue;
          }
          const uuid = (response.body as { uuid: string }).uuid;
          created.push(uuid);
          if (i % 3 === 0) {
            // Staff approving while partners read and write.
            await api.decide(uuid, { action: 'approve' });
            approved.push(uuid);
          }
        }
      };

      /** Walks every page of a listing while others write: no repeats, and nothing that existed before the walk is missing. */
      const walk = async (call: ReturnType<typeof worker>['call'], path: string, existing: readonly string[]) => {
        const seen = new Set<string>();
        let cursor: string | null = null;
        do {
          const separator = path.includes('?') ? '&' : '?';
          const response = await call((c) => c.get(`${path}${separator}limit=17${cursor ? `&cursor=${cursor}` : ''}`));
          if (!response) return;
          assert.equal(response.status, 200, JSON.stringify(response.body));
          const page = response.body as { items: Array<{ uuid: string }>; nextCursor: string | null };
          for (const item of page.items) {
            assert.ok(!seen.has(item.uuid), `${path}: ${item.uuid} repeated while paging`);
            seen.add(item.uuid);
          }
          cursor = page.nextCursor;
        } while (cursor);
        const missing = existing.filter((id) => !seen.has(id));
        assert.deepEqual(missing, [], `${path}: ads that existed before the walk were skipped`);
        walks += 1;
      };

      const reader = async (n: number) => {
        const w = worker();
        for (let i = 0; i === 0 || running(); i += 1) {
          switch ((n + i) % 4) {
            case 0:
              await walk(w.call, '/api/v1/list', [...created]);
              break;
            case 1:
              await walk(w.call, '/api/v1/ads', [...approved]);
              break;
            case 2: {
              const id = created[(n * 7 + i) % created.length] ?? '';
              const response = await w.call((c) => c.get(`/api/v1/status/${id}`));
              if (response) assert.equal(response.status, 200);
              break;
            }
            default: {
              const response = await w.call((c) => c.get(i % 2 ? '/api/v1/categories' : '/api/v1/list?status=approved&limit=5'));
              if (response) assert.equal(response.status, 200);
            }
          }
        }
      };

      await Promise.all([
        ...Array.from({ length: SUBMITTERS }, (_, n) => submitter(n)),
        ...Array.from({ length: READERS }, (_, n) => reader(n)),
      ]);

      t.diagnostic(`${requests} requests, ${created.length} ads (${approved.length} approved), ${walks} complete walks, statuses ${JSON.stringify([...statusCounts])}`);
      assert.deepEqual(failures, [], 'no 5xx and no failed connections');
      assert.deepEqual([...statusCounts.keys()].filter((s) => s >= 300), [], `only 2xx: ${JSON.stringify([...statusCounts])}`);
      assert.ok(created.length >= 30 + SUBMITTERS, `submissions were accepted during the run (${created.length})`);
      assert.ok(walks >= READERS / 2, `listings were walked during the run (${walks})`);

      // Afterwards: every 201 is visible, each exactly once, on both listings and by status.
      const checker = api.caller(partner.key);
      const listed = await walkPages(checker, '/api/v1/list', 13);
      assert.equal(new Set(listed).size, listed.length, 'no duplicates in /list');
      assert.deepEqual([...listed].sort(), [...created].sort(), '/list holds exactly the accepted submissions');
      const published = await walkPages(api.caller(partner.key), '/api/v1/ads', 11);
      assert.equal(new Set(published).size, published.length, 'no duplicates in /ads');
      assert.deepEqual([...published].sort(), [...approved].sort(), '/ads holds exactly the approved ads');
      const rows = await api.runtime.database.db.ad.findMany({ where: { partnerClientId: partner.id }, select: { id: true } });
      assert.equal(rows.length, created.length);
    });
  });
}
