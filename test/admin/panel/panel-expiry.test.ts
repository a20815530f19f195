import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { testProviders } from '../../helpers/databases.ts';
import { createTestRuntime, startTestWebServer, type TestRuntime, type TestServer } from '../../helpers/test-runtime.ts';
import { PanelClient } from './helpers/panel-client.ts';
import { createStaff, TEST_PASSWORD } from './helpers/panel-fixtures.ts';
import { submitAd } from '../../../src/shared/domain/ads/submit-ad.ts';
import { decideAd } from '../../../src/shared/domain/ads/decide-ad.ts';
import { renewAd } from '../../../src/shared/domain/expiry/renew-ad.ts';
import { runExpirySweep } from '../../../src/shared/domain/expiry/expiry-sweep.ts';
import { DAY_MS } from '../../../src/shared/domain/expiry/expiry-dates.ts';

for (const provider of testProviders()) {
  describe(`panel ad page: expiry and renewals (${provider})`, () => {
    let rt: TestRuntime;
    let server: TestServer;
    let staff: PanelClient;

    before(async () => {
      rt = await createTestRuntime(provider);
      server = await startTestWebServer(rt);
      await createStaff(rt, 'mod@x.test', 'moderator', { language: 'en' });
      staff = new PanelClient(server.url);
      await staff.login('mod@x.test', TEST_PASSWORD);
    });
    after(async () => {
      await server?.close();
      await rt?.close();
    });

    it('shows when an approved ad expires, how often it was renewed, and the renewal and expiry in its history', async () => {
      const db = rt.database.db;
      const bot = await db.telegramBot.create({ data: { name: 'b', tokenEncrypted: 'x', tokenHash: crypto.randomBytes(8).toString('hex') } });
      const user = await db.telegramUser.create({ data: { botId: bot.id, telegramId: '4242', chatId: '4242', language: 'en' } });
      const { ad } = await submitAd({ db, jobs: rt.jobs }, { source: 'bot', content: 'Lawn mowing, weekends', botId: bot.id, telegramUserId: user.id });
      await decideAd({ db, jobs: rt.jobs, settings: rt.settings }, ad.id, { action: 'approve' }, { type: 'system' });
      const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

      const approved = await db.ad.findUniqueOrThrow({ where: { id: ad.id } });
      let page = (await staff.get(`/ads/${ad.id}`)).text;
      assert.match(page, new RegExp(`id="ad-expires-at"><time datetime="${approved.expiresAt?.toISOString()}">${dateTime.format(approved.expiresAt ?? new Date())}</time>`));
      assert.match(page, /id="ad-renew-count">0</);

      await db.ad.update({ where: { id: ad.id }, data: { expiresAt: new Date(Date.now() + 3_600_000) } });
      const outcome = await renewAd({ db, settings: rt.settings }, { adId: ad.id, telegramUserId: user.id });
      assert.equal(outcome.kind, 'renewed');
      const renewed = await db.ad.findUniqueOrThrow({ where: { id: ad.id } });
      page = (await staff.get(`/ads/${ad.id}`)).text;
      assert.match(page, /id="ad-renew-count">1 <span class="small muted">\(last /);
      assert.ok(page.includes(dateTime.format(renewed.expiresAt ?? new Date())));
      assert.match(page, /<strong>Renewed<\/strong> <span class="small muted">Approved → Approved<\/span>/);

      await runExpirySweep({ db, jobs: rt.jobs, now: () => new Date((renewed.expiresAt?.getTime() ?? 0) + DAY_MS) });
      page = (await staff.get(`/ads/${ad.id}`)).text;
      assert.match(page, /<strong>Expired<\/strong> <span class="small muted">Approved → Expired<\/span> · <span>System<\/span>/);
    });
  });
}
