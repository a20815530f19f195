import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { SessionData } from 'express-session';
import { testProviders } from '../../helpers/databases.ts';
import { createTestRuntime, type TestRuntime } from '../../helpers/test-runtime.ts';
import { PrismaSessionStore } from '../../../src/admin/auth/prisma-session-store.ts';
import { createStaff } from './helpers/panel-fixtures.ts';

function session(extra: Partial<SessionData> & { expires: Date }): SessionData {
  const { expires, ...rest } = extra;
  return { cookie: { originalMaxAge: 3_600_000, expires, httpOnly: true, path: '/' }, ...rest } as SessionData;
}

const call = <T>(fn: (cb: (err: unknown, value?: T) => void) => void) =>
  new Promise<T | undefined>((resolve, reject) => fn((err, value) => (err ? reject(err as Error) : resolve(value))));

for (const provider of testProviders()) {
  describe(`staff session store (${provider})`, () => {
    let rt: TestRuntime;
    let now = Date.now();
    let store: PrismaSessionStore;
    let staffId: number;

    before(async () => {
      rt = await createTestRuntime(provider);
      staffId = (await createStaff(rt, 'store@x.test', 'moderator')).id;
      store = new PrismaSessionStore({ db: rt.database.db, now: () => now, touchIntervalMs: 60_000, cleanupIntervalMs: 0 });
    });
    after(async () => {
      await rt?.close();
    });

    it('set, get and destroy through the express-session callbacks', async () => {
      const data = session({ expires: new Date(now + 3_600_000), staffUserId: staffId, flash: { kind: 'ok', text: 'hi' } });
      await call<void>((cb) => store.set('sid-1', data, cb));
      const row = await rt.database.db.staffSession.findUniqueOrThrow({ where: { sid: 'sid-1' } });
      assert.equal(row.staffUserId, staffId, 'the staff id has its own column');
      assert.equal(row.expiresAt.getTime(), now + 3_600_000);
      const back = await call<SessionData | null>((cb) => store.get('sid-1', cb));
      assert.equal(back?.staffUserId, staffId);
      assert.deepEqual(back?.flash, { kind: 'ok', text: 'hi' });
      await call<void>((cb) => store.destroy('sid-1', cb));
      assert.equal(await call<SessionData | null>((cb) => store.get('sid-1', cb)), null);
    });

    it('never returns an expired session, and deletes it', async () => {
      await store.write('sid-old', session({ expires: new Date(now + 1_000) }));
      now += 2_000;
      assert.equal(await store.read('sid-old'), null);
      assert.equal(await rt.database.db.staffSession.count({ where: { sid: 'sid-old' } }), 0);
    });

    it('touch moves the expiry, at most once per interval', async () => {
      await store.write('sid-touch', session({ expires: new Date(now + 10_000) }));
      now += 1_000;
      await call<void>((cb) => store.touch('sid-touch', session({ expires: new Date(now + 10_000) }), () => cb(null)));
      let row = await rt.database.db.staffSession.findUniqueOrThrow({ where: { sid: 'sid-touch' } });
      assert.equal(row.expiresAt.getTime(), now - 1_000 + 10_000, 'written moments ago: the touch is skipped');
      now += 61_000;
      await store.extend('sid-touch', session({ expires: new Date(now + 10_000) }));
      row = await rt.database.db.staffSession.findUniqueOrThrow({ where: { sid: 'sid-touch' } });
      assert.equal(row.expiresAt.getTime(), now + 10_000);
    });

    it('cleans up expired rows, keeping live ones', async () => {
      await store.write('sid-a', session({ expires: new Date(now + 500) }));
      await store.write('sid-b', session({ expires: new Date(now + 500) }));
      await store.write('sid-live', session({ expires: new Date(now + 3_600_000) }));
      now += 1_000;
      const removed = await store.cleanupExpired();
      assert.ok(removed >= 2);
      assert.deepEqual((await rt.database.db.staffSession.findMany({ where: { sid: { in: ['sid-a', 'sid-b', 'sid-live'] } } })).map((r) => r.sid), ['sid-live']);
    });

    it('a cookie without expiry gets the default lifetime', async () => {
      const data = { cookie: { originalMaxAge: null, httpOnly: true, path: '/' } } as unknown as SessionData;
      await store.write('sid-noexp', data);
      const row = await rt.database.db.staffSession.findUniqueOrThrow({ where: { sid: 'sid-noexp' } });
      assert.equal(row.expiresAt.getTime(), now + 86_400_000);
    });
  });
}
