import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { testProviders } from '../../helpers/databases.ts';
import { createTestRuntime, startTestWebServer, type TestRuntime, type TestServer } from '../../helpers/test-runtime.ts';
import { createApp } from '../../../src/admin/app.ts';
import { createPanelRouter } from '../../../src/admin/panel/panel-router.ts';
import { createSettingsService } from '../../../src/shared/domain/settings/settings-service.ts';
import { findPartnerByKey } from '../../../src/shared/domain/partners/partner-key-lookup.ts';
import { findStaffByToken } from '../../../src/shared/domain/staff/staff-accounts.ts';
import { bearerFetch, PanelClient } from './helpers/panel-client.ts';
import { createStaff, TEST_PASSWORD } from './helpers/panel-fixtures.ts';

const revealed = (html: string) => /<code data-secret>([^<]+)<\/code>/.exec(html)?.[1] ?? null;

for (const provider of testProviders()) {
  describe(`panel admin pages (${provider})`, () => {
    let rt: TestRuntime;
    let server: TestServer;
    let admin: PanelClient;

    before(async () => {
      rt = await createTestRuntime(provider);
      server = await startTestWebServer(rt);
      await createStaff(rt, 'admin@x.test', 'admin', { language: 'en' });
      admin = new PanelClient(server.url);
      await admin.login('admin@x.test', TEST_PASSWORD);
    });
    after(async () => {
      await server?.close();
      await rt?.close();
    });

    const settingsForm = async (changes: Record<string, string>) => {
      // What the browser sends: every field as shown (secrets empty), checkboxes only when ticked.
      const page = await admin.get('/settings');
      const fields: Record<string, string> = {};
      for (const m of page.text.matchAll(/<input type="(?:text|number)" name="([^"]+)" id="[^"]+" dir="ltr" value="([^"]*)">/g)) fields[m[1] ?? ''] = (m[2] ?? '').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
      for (const m of page.text.matchAll(/<input type="checkbox" name="([^"]+)" id="[^"]+" checked>/g)) fields[m[1] ?? ''] = 'on';
      for (const m of page.text.matchAll(/<select name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) fields[m[1] ?? ''] = /<option value="([^"]*)" selected>/.exec(m[2] ?? '')?.[1] ?? '';
      for (const m of page.text.matchAll(/<textarea name="([^"]+)"[^>]*>([^<]*)<\/textarea>/g)) fields[m[1] ?? ''] = (m[2] ?? '').replace(/&#39;/g, "'").replace(/&amp;/g, '&').replace(/&#34;/g, '"');
      const body = { ...fields, ...changes };
      for (const [key, value] of Object.entries(body)) if (value === '__off__') delete body[key];
      return admin.postForm('/settings', body);
    };

    it('settings: saved through the settings service (validated, audited, applied at once)', async () => {
      const res = await settingsForm({ 'ads.maxLength': '750', 'telegram.channelId': '@my_channel', 'moderation.autoRejectFlagged': 'on', 'moderation.enabled': '__off__' });
      assert.equal(res.status, 303);
      assert.equal(await rt.settings.get('ads.maxLength'), 750, 'the serving process sees it at once');
      const fresh = createSettingsService({ db: rt.database.db, secretBox: rt.secretBox });
      assert.equal(await fresh.get('telegram.channelId'), '@my_channel', 'stored in the database');
      assert.equal(await fresh.get('moderation.autoRejectFlagged'), true);
      assert.equal(await fresh.get('moderation.enabled'), false, 'an unticked checkbox is false');
      const audit = await rt.database.db.auditLog.findFirst({ where: { action: 'settings.update' }, orderBy: { id: 'desc' } });
      assert.deepEqual((JSON.parse(audit?.detailsJson ?? '{}') as { keys: string[] }).keys.sort(), ['ads.maxLength', 'moderation.autoRejectFlagged', 'moderation.enabled', 'telegram.channelId']);
      const unchanged = await settingsForm({});
      assert.equal(unchanged.status, 303);
      assert.match((await admin.get('/settings')).text, /Nothing changed/);
    });

    it('settings: invalid values are shown back with 422 and nothing is saved', async () => {
      const res = await settingsForm({ 'ads.maxLength': 'lots', 'webhook.url': 'ftp://nope', 'ads.lifetimeDays': '45' });
      assert.equal(res.status, 422);
      assert.match(res.text, /2 field\(s\) need attention/);
      assert.match(res.text, /value="ftp:\/\/nope"/, 'what was typed is kept');
      assert.equal(await rt.settings.get('ads.lifetimeDays'), 30);
    });

    it('settings: secrets are write-only — masked placeholder, empty keeps, "clear" clears', async () => {
      await settingsForm({ 'webhook.secret': 'whsec_1234567890abcdef', 'openai.apiKey': 'sk-test-abcdefghijklmnop' });
      assert.equal(await rt.settings.get('webhook.secret'), 'whsec_1234567890abcdef');
      const page = (await admin.get('/settings')).text;
      assert.doesNotMatch(page, /whsec_1234567890abcdef|sk-test-abcdefghijklmnop/, 'never sent back to the browser');
      assert.match(page, /name="webhook.secret" id="webhook.secret" dir="ltr" autocomplete="new-password" value="" placeholder="wh••••ef"/);
      await settingsForm({ 'ads.maxLength': '760' });
      assert.equal(await rt.settings.get('webhook.secret'), 'whsec_1234567890abcdef', 'an empty secret field keeps the value');
      const stored = await rt.database.db.setting.findUniqueOrThrow({ where: { key: 'webhook.secret' } });
      assert.equal(stored.encrypted, true);
      assert.doesNotMatch(stored.value, /whsec/);
      await settingsForm({ 'webhook.secret.clear': 'on' });
      assert.equal(await rt.settings.get('webhook.secret'), '');
      assert.equal(await rt.settings.get('openai.apiKey'), 'sk-test-abcdefghijklmnop');
    });

    it('settings: the Instagram check answers without any outbound call by default', async () => {
      await admin.get('/settings');
      const notSet = await admin.postForm('/settings/instagram-check', {});
      assert.equal(notSet.status, 200);
      assert.match(notSet.text, /Save an Instagram user id and access token first/);
      await rt.settings.set({ 'instagram.userId': '1784', 'instagram.accessToken': 'EAAB-token-value-123' }, { type: 'system' });
      const deferred = await admin.postForm('/settings/instagram-check', {});
      assert.match(deferred.text, /checked by the doctor command/);
    });

    it('bots: rename, disable, switch mode — each bumps configVersion and is audited; a malformed token is refused', async () => {
      const bot = await rt.database.db.telegramBot.create({ data: { name: 'Main', username: 'main_bot', tokenEncrypted: 'v1:x', tokenHash: 'hash-1', heartbeatAt: new Date() } });
      const page = await admin.get('/bots');
      assert.match(page.text, /main_bot/);
      assert.match(page.text, /online/);
      await admin.postForm(`/bots/${bot.id}`, { name: 'Renamed' });
      await admin.postForm(`/bots/${bot.id}`, { enabled: 'false' });
      await admin.postForm(`/bots/${bot.id}`, { mode: 'webhook' });
      await admin.postForm(`/bots/${bot.id}`, { mode: 'webhook' });
      const after = await rt.database.db.telegramBot.findUniqueOrThrow({ where: { id: bot.id } });
      assert.equal(after.name, 'Renamed');
      assert.equal(after.enabled, false);
      assert.equal(after.mode, 'webhook');
      assert.equal(after.configVersion, 4, 'three changes; the repeated switch changed nothing');
      assert.equal(await rt.database.db.auditLog.count({ where: { action: 'bot.update', targetId: String(bot.id) } }), 3);
      assert.doesNotMatch((await admin.get('/bots')).text, /v1:x|hash-1/);
      await admin.postForm('/bots', { token: '123:abc', mode: 'polling' });
      assert.match((await admin.get('/bots')).text, /not a Telegram bot token/);
      assert.equal(await rt.database.db.telegramBot.count(), 1);
    });

    it('bots: an injected adder is used', async () => {
      const calls: Array<{ token: string; mode: string }> = [];
      const app = createApp({
        logger: rt.logger,
        database: rt.database,
        version: 'test',
        routers: [createPanelRouter(rt, { addBot: async (input) => { calls.push(input); return { id: 99, name: 'Injected' }; } })],
      } as Parameters<typeof createApp>[0]);
      const local = http.createServer(app);
      await new Promise<void>((resolve) => local.listen(0, '127.0.0.1', resolve));
      try {
        const client = new PanelClient(`http://127.0.0.1:${(local.address() as AddressInfo).port}`);
        await client.login('admin@x.test', TEST_PASSWORD);
        await client.get('/bots');
        await client.postForm('/bots', { token: ' 42:secret ', mode: 'webhook' });
        assert.deepEqual(calls, [{ token: '42:secret', mode: 'webhook' }]);
        assert.match((await client.get('/bots')).text, /Bot Injected added/);
      } finally {
        local.closeAllConnections();
        await new Promise((resolve) => local.close(resolve));
      }
    });

    it('categories: add and edit both names, order, hashtag and active', async () => {
      await admin.get('/categories');
      await admin.postForm('/categories', { slug: 'pets', nameFa: 'حیوانات', nameEn: 'Pets', hashtag: '#حیوانات خانگی', sortOrder: '70', active: 'on' });
      const pets = await rt.database.db.category.findUniqueOrThrow({ where: { slug: 'pets' } });
      assert.equal(pets.hashtag, 'حیوانات_خانگی');
      await admin.postForm(`/categories/${pets.id}`, { nameFa: 'حیوان خانگی', nameEn: 'Pets & animals', hashtag: 'pets', sortOrder: '5' });
      const edited = await rt.database.db.category.findUniqueOrThrow({ where: { id: pets.id } });
      assert.deepEqual([edited.nameFa, edited.nameEn, edited.sortOrder, edited.active], ['حیوان خانگی', 'Pets & animals', 5, false]);
      await admin.postForm('/categories', { slug: 'pets', nameFa: 'x', nameEn: 'x', sortOrder: '1' });
      assert.match((await admin.get('/categories')).text, /already used/);
      assert.equal(await rt.database.db.auditLog.count({ where: { action: { startsWith: 'category.' } } }), 2);
    });

    it('partner clients: the key is shown once and works; rate limit; revoke', async () => {
      await admin.get('/partners');
      const created = await admin.postForm('/partners', { name: 'Acme News', rateLimitPerMin: '120' });
      assert.equal(created.status, 201);
      assert.equal(created.headers.get('cache-control'), 'no-store');
      const key = revealed(created.text);
      assert.match(key ?? '', /^pk_[0-9a-f]{12}_/);
      const partner = await findPartnerByKey(rt.database.db, key ?? '');
      assert.equal(partner?.name, 'Acme News');
      assert.equal(partner?.rateLimitPerMin, 120);
      const list = (await admin.get('/partners')).text;
      assert.doesNotMatch(list, new RegExp(key ?? 'never'), 'not shown again');
      await admin.postForm(`/partners/${partner?.id}/rate-limit`, { rateLimitPerMin: '30' });
      assert.equal((await findPartnerByKey(rt.database.db, key ?? ''))?.rateLimitPerMin, 30);
      await admin.postForm(`/partners/${partner?.id}/revoke`, {});
      assert.equal(await findPartnerByKey(rt.database.db, key ?? ''), null);
      const actions = (await rt.database.db.auditLog.findMany({ where: { action: { startsWith: 'partner.' } } })).map((a) => a.action);
      assert.deepEqual(actions, ['partner.create', 'partner.update', 'partner.revoke']);
    });

    it('staff: create, token shown once and revocable, role change, deactivate (sessions end), the last admin is kept', async () => {
      await admin.get('/staff');
      await admin.postForm('/staff', { email: 'New.Mod@X.test', name: 'New Mod', role: 'moderator', language: 'en', password: 'long enough pass' });
      const user = await rt.database.db.staffUser.findUniqueOrThrow({ where: { email: 'new.mod@x.test' } });
      assert.deepEqual([user.role, user.language, user.active], ['moderator', 'en', true]);
      const issued = await admin.postForm(`/staff/${user.id}/tokens`, { name: 'ci' });
      assert.equal(issued.status, 201);
      const token = revealed(issued.text) ?? '';
      assert.equal((await findStaffByToken(rt.database.db, token))?.id, user.id);
      assert.equal((await bearerFetch(server.url, 'GET', '/api/staff/pulse', token)).status, 200);
      const tokenRow = await rt.database.db.staffToken.findFirstOrThrow({ where: { staffUserId: user.id } });
      assert.ok(tokenRow.lastUsedAt, 'last use recorded');
      const session = new PanelClient(server.url);
      await session.login('new.mod@x.test', 'long enough pass');
      await admin.postForm(`/staff/${user.id}`, { role: 'admin' });
      assert.equal((await rt.database.db.staffUser.findUniqueOrThrow({ where: { id: user.id } })).role, 'admin');
      assert.equal((await session.get('/settings')).status, 200, 'the new role applies to the open session at once');
      await admin.postForm(`/staff/${user.id}`, { active: 'false' });
      assert.equal((await session.get('/')).status, 302, 'its session ended');
      assert.equal(await rt.database.db.staffSession.count({ where: { staffUserId: user.id } }), 0);
      assert.equal((await bearerFetch(server.url, 'GET', '/api/staff/pulse', token)).status, 401, 'its tokens stop working');
      await admin.postForm(`/staff/${user.id}`, { active: 'true' });
      await admin.postForm(`/staff/tokens/${tokenRow.id}/revoke`, {});
      assert.equal(await findStaffByToken(rt.database.db, token), null);
      const me = await rt.database.db.staffUser.findUniqueOrThrow({ where: { email: 'admin@x.test' } });
      await admin.postForm(`/staff/${user.id}`, { role: 'moderator' });
      await admin.postForm(`/staff/${me.id}`, { role: 'moderator' });
      assert.match((await admin.get('/staff')).text, /last active admin/);
      assert.equal((await rt.database.db.staffUser.findUniqueOrThrow({ where: { id: me.id } })).role, 'admin');
      await admin.postForm(`/staff/${user.id}/password`, { password: 'another long one' });
      assert.equal((await new PanelClient(server.url).postForm('/login', {})).status, 403, 'sanity: no CSRF token, no login');
      const relogin = new PanelClient(server.url);
      await relogin.login('new.mod@x.test', 'another long one');
      const actions = (await rt.database.db.auditLog.findMany({ where: { action: { startsWith: 'staff.' }, actorType: 'staff', actorId: String(me.id) } })).map((a) => a.action);
      for (const action of ['staff.create', 'staff.token_create', 'staff.update', 'staff.token_revoke', 'staff.password_change']) assert.ok(actions.includes(action), action);
    });

    it('account: language switch (Persian is right-to-left) and own password change', async () => {
      await createStaff(rt, 'self@x.test', 'moderator', { language: 'en' });
      const me = new PanelClient(server.url);
      await me.login('self@x.test', TEST_PASSWORD);
      const other = new PanelClient(server.url);
      await other.login('self@x.test', TEST_PASSWORD);
      const switched = await me.postForm('/account/language', { language: 'fa', back: '/ads' });
      assert.equal(switched.headers.get('location'), '/ads');
      assert.match((await me.get('/ads')).text, /<html lang="fa" dir="rtl"/);
      await me.get('/account');
      await me.postForm('/account/password', { current: 'wrong', next: 'brand new password', repeat: 'brand new password' });
      assert.match((await me.get('/account')).text, /current password is wrong|گذرواژه/);
      await me.postForm('/account/password', { current: TEST_PASSWORD, next: 'brand new password', repeat: 'brand new password' });
      assert.equal((await me.get('/')).status, 200, 'this session stays');
      assert.equal((await other.get('/')).status, 302, 'the other session ended');
    });

    it('audit log: filters and keyset pages', async () => {
      for (let i = 0; i < 60; i += 1) await rt.database.db.auditLog.create({ data: { actorType: 'system', action: 'test.bulk', targetType: 'ad', targetId: `t${i}` } });
      const first = await admin.get('/audit?action=test.bulk');
      assert.equal(first.status, 200);
      assert.equal((first.text.match(/<td class="mono">test\.bulk<\/td>/g) ?? []).length, 50);
      const next = /<a class="button" href="([^"]+)" rel="next">/.exec(first.text)?.[1]?.replace(/&amp;/g, '&');
      assert.ok(next);
      const second = await admin.get(next);
      assert.equal((second.text.match(/<td class="mono">test\.bulk<\/td>/g) ?? []).length, 10);
      const logins = await admin.get('/audit?action=staff.login');
      assert.match(logins.text, /staff\.login/);
      assert.doesNotMatch(logins.text, /test\.bulk/);
      const group = await admin.get('/audit?action=staff.');
      assert.match(group.text, /staff\.token_create/);
    });
  });
}
