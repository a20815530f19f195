import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { testProviders } from '../../helpers/databases.ts';
import { createTestRuntime, startTestWebServer, type TestRuntime, type TestServer } from '../../helpers/test-runtime.ts';
import { bearerFetch, PanelClient } from './helpers/panel-client.ts';
import { createStaff, TEST_PASSWORD, tokenFor } from './helpers/panel-fixtures.ts';
import { submitAd } from '../../../src/shared/domain/ads/submit-ad.ts';
import { BAN_AUDIT_ACTIONS } from '../../../src/shared/domain/submitters/ban-submitter.ts';

/** Bans from the panel (session + CSRF forms) and the staff API, the submitter card and page. */
for (const provider of testProviders()) {
  describe(`panel bans and the submitter's history (${provider})`, () => {
    let rt: TestRuntime;
    let server: TestServer;
    let moderator: PanelClient;
    let token: string;
    let botId: number;
    let staffId: number;

    before(async () => {
      rt = await createTestRuntime(provider);
      server = await startTestWebServer(rt);
      staffId = (await createStaff(rt, 'mod@x.test', 'moderator', { language: 'en' })).id;
      token = await tokenFor(rt, 'mod@x.test');
      moderator = new PanelClient(server.url);
      await moderator.login('mod@x.test', TEST_PASSWORD);
      botId = (await rt.database.db.telegramBot.create({ data: { name: 'Main bot', tokenEncrypted: 'x', tokenHash: crypto.randomBytes(8).toString('hex') } })).id;
    });
    after(async () => {
      await server?.close();
      await rt?.close();
    });

    async function submitterWithAds(telegramId: string, contents: string[]) {
      const db = rt.database.db;
      const user = await db.telegramUser.create({ data: { botId, telegramId, chatId: telegramId, username: `u${telegramId}`, firstName: 'Sam', phone: '+4915199990000' } });
      const ads = [];
      for (const content of contents) {
        const { ad } = await submitAd({ db, jobs: rt.jobs }, { source: 'bot', content, botId, telegramUserId: user.id, contactPhone: user.phone });
        ads.push(await db.ad.update({ where: { id: ad.id }, data: { status: 'pending_manual' } }));
      }
      return { user, ads };
    }

    it('the ad page shows the submitter’s history; Ban from it refuses them, audited; Lift undoes it', async () => {
      const { user, ads } = await submitterWithAds('700001', ['Old bike for sale', 'Second ad: a sofa']);
      await rt.database.db.ad.update({ where: { id: ads[0]?.id ?? '' }, data: { status: 'rejected' } });
      const page = await moderator.get(`/ads/${ads[1]?.id}`);
      assert.equal(page.status, 200);
      assert.match(page.text, /id="submitter"/);
      assert.ok(page.text.includes('@u700001') && page.text.includes('+4915199990000'), 'username and phone');
      assert.ok(page.text.includes(`/ads/${ads[0]?.id}`) && page.text.includes(ads[0]?.code ?? '-'), 'links to their other ads');
      assert.match(page.text, /id="submitter-counts">2 in all/);
      assert.match(page.text, /Not banned/);

      const banned = await moderator.postForm(`/submitters/${user.id}/ban`, { kind: 'ban', duration: '7d', reason: 'Scam reports', back: `/ads/${ads[1]?.id}` });
      assert.equal(banned.status, 303);
      assert.equal(banned.headers.get('location'), `/ads/${ads[1]?.id}`);
      const row = await rt.database.db.telegramUser.findUniqueOrThrow({ where: { id: user.id } });
      assert.equal(row.banKind, 'ban');
      assert.equal(row.banReason, 'Scam reports');
      assert.equal(row.bannedById, staffId);
      assert.ok(row.bannedUntil && row.bannedUntil.getTime() > Date.now() + 6.9 * 86_400_000);
      const audit = await rt.database.db.auditLog.findFirstOrThrow({ where: { action: BAN_AUDIT_ACTIONS.ban, targetId: String(user.id) } });
      assert.equal(audit.actorType, 'staff');
      assert.equal(audit.actorId, String(staffId));
      assert.equal((JSON.parse(audit.detailsJson ?? '{}') as { reason: string }).reason, 'Scam reports');
      const after = await moderator.get(`/ads/${ads[1]?.id}`);
      assert.match(after.text, /Submitter banned\./, 'flash');
      assert.match(after.text, /id="submitter-ban-badge">Banned/);

      const noCsrf = await moderator.postForm(`/submitters/${user.id}/unban`, {}, { csrf: false });
      assert.equal(noCsrf.status, 403, 'forms need the CSRF token');
      await moderator.get(`/submitters/${user.id}`);
      const lifted = await moderator.postForm(`/submitters/${user.id}/unban`, { back: `/submitters/${user.id}` });
      assert.equal(lifted.status, 303);
      assert.equal((await rt.database.db.telegramUser.findUniqueOrThrow({ where: { id: user.id } })).banKind, null);
      assert.equal(await rt.database.db.auditLog.count({ where: { action: BAN_AUDIT_ACTIONS.lift, targetId: String(user.id) } }), 1);
      const audits = await moderator.get(`/audit`);
      assert.equal(audits.status, 403, 'the audit page stays admin-only');
    });

    it('a shadow ban from the panel takes pending ads out of review; they show, marked, on the submitter page only', async () => {
      const { user, ads } = await submitterWithAds('700002', ['Followers for sale']);
      const id = ads[0]?.id ?? '';
      await moderator.get(`/ads/${id}`);
      const res = await moderator.postForm(`/submitters/${user.id}/ban`, { kind: 'shadow', duration: 'permanent', reason: 'Spam network', back: `/ads/${id}` });
      assert.equal(res.status, 303);
      assert.equal((await rt.database.db.ad.findUniqueOrThrow({ where: { id } })).shadowed, true);

      const list = await bearerFetch(server.url, 'GET', '/api/staff/ads?status=pending_manual', token);
      assert.ok(!list.json<{ items: Array<{ uuid: string }> }>().items.some((i) => i.uuid === id));
      const panelList = await moderator.get('/ads?status=pending');
      assert.ok(!panelList.text.includes(`/ads/${id}"`), 'not in the panel list');
      const adPage = await moderator.get(`/ads/${id}`);
      assert.match(adPage.text, /id="ad-shadowed"/);
      assert.ok(!adPage.text.includes(`action="/ads/${id}/approve"`), 'no decision forms');
      const approve = await moderator.postForm(`/ads/${id}/approve`, { content: 'Followers for sale' });
      assert.equal(approve.status, 303);
      assert.equal((await rt.database.db.ad.findUniqueOrThrow({ where: { id } })).status, 'pending_manual', 'a posted form cannot approve it either');

      const page = await moderator.get(`/submitters/${user.id}`);
      assert.equal(page.status, 200);
      assert.ok(page.text.includes(`/ads/${id}`) && page.text.includes('hidden (shadow ban)'));
      assert.match(page.text, /Shadow-banned/);
    });

    it('staff API: POST /api/staff/users/:id/ban and /unban, validated, audited', async () => {
      const { user } = await submitterWithAds('700003', []);
      const api = (path: string, body: unknown) => bearerFetch(server.url, 'POST', path, token, body);
      const invalid = await api(`/api/staff/users/${user.id}/ban`, { kind: 'forever', reason: '' });
      assert.equal(invalid.status, 422);
      assert.equal(invalid.json<{ error: { code: string } }>().error.code, 'validation_failed');
      assert.equal((await api('/api/staff/users/999999/ban', { kind: 'ban', reason: 'x' })).status, 404);
      const until = new Date(Date.now() + 3 * 86_400_000).toISOString();
      const ok = await api(`/api/staff/users/${user.id}/ban`, { kind: 'ban', reason: 'Abuse', until });
      assert.equal(ok.status, 200, ok.text);
      assert.deepEqual(
        { kind: ok.json<{ banKind: string }>().banKind, until: ok.json<{ bannedUntil: string }>().bannedUntil },
        { kind: 'ban', until },
      );
      const past = await api(`/api/staff/users/${user.id}/ban`, { kind: 'ban', reason: 'Abuse', until: new Date(Date.now() - 1000).toISOString() });
      assert.equal(past.status, 422);
      assert.equal((await api(`/api/staff/users/${user.id}/unban`, { reason: 'appeal accepted' })).status, 200);
      assert.equal((await api(`/api/staff/users/${user.id}/unban`, {})).status, 409, 'not banned any more');
      const actions = (await rt.database.db.auditLog.findMany({ where: { targetType: 'telegram_user', targetId: String(user.id) }, orderBy: { id: 'asc' } })).map((a) => a.action);
      assert.deepEqual(actions, [BAN_AUDIT_ACTIONS.ban, BAN_AUDIT_ACTIONS.lift]);
    });
  });
}
