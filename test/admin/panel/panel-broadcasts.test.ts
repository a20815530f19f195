import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { testProviders } from '../../helpers/databases.ts';
import { startTestWebServer, type TestServer } from '../../helpers/test-runtime.ts';
import { startTelegramStandIn, type TelegramStandIn } from '../../stand-ins/telegram/telegram-stand-in.ts';
import { makeJpeg } from '../../stand-ins/shared/media-generator.ts';
import { createBroadcastWorld, type BroadcastWorld } from '../../fixtures/broadcast-world.ts';
import { mediaRootOf } from '../../../src/shared/domain/images/media-storage.ts';
import { PanelClient, type PanelResponse } from './helpers/panel-client.ts';
import { createStaff, TEST_PASSWORD } from './helpers/panel-fixtures.ts';

/** A multipart form post as a browser sends it (fields + one file) with the client's session. */
async function postMultipart(client: PanelClient, urlPath: string, fields: Record<string, string>, file?: { name: string; data: Buffer; type: string }): Promise<PanelResponse> {
  const form = new FormData();
  if (client.csrf) form.append('_csrf', client.csrf);
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (file) form.append('photo', new Blob([file.data], { type: file.type }), file.name);
  const res = await fetch(client.baseUrl + urlPath, { method: 'POST', body: form, redirect: 'manual', headers: { cookie: client.cookieHeader() } });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: <T>() => JSON.parse(text) as T };
}

for (const provider of testProviders()) {
  describe(`panel broadcasts (${provider})`, () => {
    let tg: TelegramStandIn;
    let world: BroadcastWorld;
    let server: TestServer;
    let admin: PanelClient;
    let moderator: PanelClient;

    before(async () => {
      tg = await startTelegramStandIn({ floodLimits: 'telegram' });
      world = await createBroadcastWorld(provider, tg, 30);
      server = await startTestWebServer(world.runtime);
      await createStaff(world.runtime, 'admin@b.test', 'admin', { language: 'en' });
      await createStaff(world.runtime, 'mod@b.test', 'moderator', { language: 'en' });
      admin = new PanelClient(server.url);
      await admin.login('admin@b.test', TEST_PASSWORD);
      moderator = new PanelClient(server.url);
      await moderator.login('mod@b.test', TEST_PASSWORD);
      world.users[0]!.blockBot();
      await world.runtime.database.db.telegramUser.updateMany({ where: { telegramId: String(world.users[1]!.id) }, data: { blockedBotAt: new Date() } });
    });
    after(async () => {
      await server?.close();
      await world?.close();
      await tg?.close();
    });

    it('moderators get 403 for the page, the form and the actions; no navigation entry', async () => {
      assert.equal((await moderator.get('/broadcasts')).status, 403);
      assert.equal((await moderator.get('/broadcasts/1')).status, 403);
      assert.equal((await postMultipart(moderator, '/broadcasts', { botId: String(world.botRow.id), text: 'nope' })).status, 403);
      assert.equal((await moderator.postForm('/broadcasts/1/start')).status, 403);
      assert.doesNotMatch((await moderator.get('/')).text, /href="\/broadcasts"/);
      assert.equal(await world.runtime.database.db.broadcast.count(), 0);
    });

    it('an admin composes a photo broadcast, previews the draft with its audience, starts it and watches it finish', async () => {
      assert.match((await admin.get('/')).text, /href="\/broadcasts"/);
      await admin.get('/broadcasts');
      const photo = await makeJpeg({ width: 400, height: 300 });
      const created = await postMultipart(admin, '/broadcasts', { botId: String(world.botRow.id), text: 'Hello everyone — سلام' }, { name: 'a.jpg', data: photo, type: 'image/jpeg' });
      assert.equal(created.status, 303, created.text);
      const location = created.headers.get('location') ?? '';
      assert.match(location, /^\/broadcasts\/\d+$/);
      const id = Number(location.split('/').pop());
      const { db } = world.runtime.database;
      const draft = await db.broadcast.findUniqueOrThrow({ where: { id } });
      assert.equal(draft.status, 'draft');
      assert.match(draft.photoPath ?? '', /^broadcasts\/[0-9a-f-]+\.jpg$/);
      assert.deepEqual(await fs.readFile(path.join(mediaRootOf(world.runtime.config.dataDir), draft.photoPath!)), photo);

      const page = await admin.get(location);
      assert.equal(page.status, 200);
      assert.match(page.text, /Hello everyone — سلام/);
      assert.match(page.text, new RegExp(`src="/media/${draft.photoPath}"`));
      // 30 users, one marked blocked already: 29 (the one who blocked without our knowing is still counted).
      assert.match(page.text, /Starting now would send it to 29 users/);
      const media = await fetch(`${server.url}/media/${draft.photoPath}`);
      assert.equal(media.status, 200);

      const started = await admin.postForm(`/broadcasts/${id}/start`);
      assert.equal(started.status, 303);
      assert.equal((await admin.postForm(`/broadcasts/${id}/start`)).status, 303, 'a second click is refused with a message, not an error page');
      assert.equal((await db.broadcast.findUniqueOrThrow({ where: { id } })).total, 29);
      const live = await admin.get(location);
      assert.match(live.text, /hx-get="\/broadcasts\/\d+\/progress" hx-trigger="every 3s"/);

      world.startWorker();
      const deadline = Date.now() + 60_000;
      let fragment = '';
      while (Date.now() < deadline) {
        fragment = (await admin.get(`/broadcasts/${id}/progress`, { 'hx-request': 'true' })).text;
        if (/data-status="completed"/.test(fragment)) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      assert.match(fragment, /data-status="completed"/);
      assert.match(fragment, /data-count="sent">28</);
      assert.match(fragment, /data-count="blocked">1</);
      assert.doesNotMatch(fragment, /hx-trigger/, 'no more polling once finished');

      const results = await admin.get(`${location}?status=blocked`);
      assert.match(results.text, new RegExp(`data-recipient="${world.users[0]!.id}"`));
      const uploads = tg.calls({ method: 'sendPhoto', bot: world.bot.id }).filter((c) => c.effect && c.files.length > 0);
      assert.equal(uploads.length, 1);

      const audit = await db.auditLog.findMany({ where: { targetType: 'broadcast', targetId: String(id) }, orderBy: { id: 'asc' } });
      assert.deepEqual(audit.map((a) => a.action), ['broadcast.create', 'broadcast.start']);
      assert.ok(audit.every((a) => a.actorType === 'staff'));
    });

    it('refuses an empty message without a photo, a non-image file, and shows the error', async () => {
      await admin.get('/broadcasts');
      const empty = await postMultipart(admin, '/broadcasts', { botId: String(world.botRow.id), text: '  ' });
      assert.equal(empty.status, 303);
      assert.equal(empty.headers.get('location'), '/broadcasts');
      assert.match((await admin.get('/broadcasts')).text, /class="flash error"/);
      const notImage = await postMultipart(admin, '/broadcasts', { botId: String(world.botRow.id), text: 'x' }, { name: 'a.jpg', data: Buffer.from('not an image'), type: 'image/jpeg' });
      assert.equal(notImage.headers.get('location'), '/broadcasts');
      assert.match((await admin.get('/broadcasts')).text, /JPEG or PNG/);
    });

    it('pause, resume and cancel from the panel, each audited', async () => {
      const { db } = world.runtime.database;
      await admin.get('/broadcasts');
      const created = await postMultipart(admin, '/broadcasts', { botId: String(world.botRow.id), text: 'control' });
      const id = Number((created.headers.get('location') ?? '').split('/').pop());
      // Paused right after starting (before the worker's first batch, or within it): then resumed and cancelled.
      await admin.postForm(`/broadcasts/${id}/start`);
      assert.equal((await admin.postForm(`/broadcasts/${id}/pause`)).status, 303);
      assert.equal((await db.broadcast.findUniqueOrThrow({ where: { id } })).status, 'paused');
      await admin.postForm(`/broadcasts/${id}/resume`);
      const status = (await db.broadcast.findUniqueOrThrow({ where: { id } })).status;
      assert.ok(status === 'running' || status === 'completed');
      await admin.postForm(`/broadcasts/${id}/cancel`);
      const final = await db.broadcast.findUniqueOrThrow({ where: { id } });
      const actions = (await db.auditLog.findMany({ where: { targetType: 'broadcast', targetId: String(id) }, orderBy: { id: 'asc' } })).map((a) => a.action);
      assert.deepEqual(actions.slice(0, 4), ['broadcast.create', 'broadcast.start', 'broadcast.pause', 'broadcast.resume']);
      if (final.status === 'cancelled') assert.equal(actions[4], 'broadcast.cancel');
      else assert.equal(final.status, 'completed');
    });
  });
}
