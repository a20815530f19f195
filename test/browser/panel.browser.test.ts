import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createTestRuntime, startTestWebServer, type TestRuntime, type TestServer } from '../helpers/test-runtime.ts';
import { createSettingsService } from '../../src/shared/domain/settings/settings-service.ts';
import { cannedReasonText } from '../../src/admin/panel/canned-reasons.ts';
import { createPendingAd, createStaff, TEST_PASSWORD } from '../admin/panel/helpers/panel-fixtures.ts';

/**
 * The admin panel in a real browser: Debian's Chromium driven by playwright-core, against the
 * real web app on a random port and a real SQLite database.
 */
const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test-artifacts');
// page.evaluate takes strings here: the project's TypeScript has no DOM library.
const skip = fs.existsSync(CHROMIUM) ? false : `${CHROMIUM} is missing (apt-get install -y chromium); browser tests skipped`;

describe('admin panel in Chromium (sqlite)', { skip }, () => {
  let rt: TestRuntime;
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];

  const watch = (p: Page) => {
    p.on('console', (m) => {
      if (m.type() === 'error') problems.push(`${p.url()}: ${m.text()}`);
    });
    p.on('pageerror', (e) => problems.push(`${p.url()}: ${String(e)}`));
  };

  before(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    rt = await createTestRuntime('sqlite');
    server = await startTestWebServer(rt);
    await createStaff(rt, 'admin@x.test', 'admin');
    await rt.settings.set({ 'webhook.url': 'https://partner.example/hook' }, { type: 'system' });
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fa-IR' });
    page = await context.newPage();
    watch(page);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await rt?.close();
  });

  it('logs in; the Persian layout renders right-to-left', async () => {
    await page.goto(`${server.url}/`);
    assert.match(page.url(), /\/login$/);
    await page.fill('#email', 'admin@x.test');
    await page.fill('#password', TEST_PASSWORD);
    await Promise.all([page.waitForURL(`${server.url}/`), page.click('button.primary[type=submit]')]);
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    assert.equal(await page.getAttribute('html', 'lang'), 'fa');
    assert.equal(await page.evaluate('getComputedStyle(document.body).direction'), 'rtl');
    const nav = await page.locator('nav.sidebar').boundingBox();
    const main = await page.locator('main').boundingBox();
    assert.ok(nav && main && nav.x > main.x, 'the navigation is on the right in RTL');
    assert.equal(await page.evaluate("document.fonts.check('16px Vazirmatn')"), true, 'the Persian font loaded');
    await page.screenshot({ path: path.join(ARTIFACTS, 'panel-rtl.png'), fullPage: true });
  });

  it('finds a pending ad by search, approves it, and shows its delivery rows', async () => {
    const ad = await createPendingAd(rt, { content: 'آپارتمان نقلی در خیابان بهار، ۵۰ متر', language: 'fa' });
    await createPendingAd(rt, { content: 'another waiting ad' });
    await page.goto(`${server.url}/ads`);
    await page.fill('#q', 'خیابان بهار');
    await Promise.all([page.waitForURL(/\/ads\?/), page.click('form[role=search] button[type=submit]')]);
    const rows = page.locator('tbody tr');
    assert.equal(await rows.count(), 1);
    await Promise.all([page.waitForURL(`${server.url}/ads/${ad.id}`), rows.first().locator(`a[href="/ads/${ad.id}"]`).first().click()]);
    await Promise.all([page.waitForURL(`${server.url}/ads/${ad.id}`), page.click('#approve-form button[type=submit]')]);
    assert.match((await page.textContent('.flash.ok')) ?? '', /تأیید شد/);
    const channels = await page.locator('#deliveries tr[data-channel]').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-channel')));
    assert.deepEqual(channels, ['telegram_dm', 'telegram_channel', 'instagram_feed', 'instagram_story', 'webhook']);
    assert.equal((await rt.database.db.ad.findUniqueOrThrow({ where: { id: ad.id } })).status, 'approved');

    // The delivery table refreshes itself (htmx, under the strict CSP) while a delivery is moving.
    await rt.database.db.delivery.updateMany({ where: { adId: ad.id, channel: 'webhook' }, data: { status: 'success', attempts: 1, externalId: 'wh-1' } });
    await page.locator('#deliveries tr[data-channel="webhook"] .badge.s-success').waitFor({ timeout: 8_000 });
  });

  it('rejects with a common reason (sent in the ad’s language)', async () => {
    const ad = await createPendingAd(rt, { content: 'English ad to reject', language: 'en' });
    await page.goto(`${server.url}/ads/${ad.id}`);
    await page.selectOption('#canned', 'wrong_category');
    assert.equal(await page.inputValue('#reason'), cannedReasonText('wrong_category', 'en'), 'picking a reason fills the box in the ad’s language');
    page.once('dialog', (d) => void d.accept());
    await Promise.all([page.waitForURL(`${server.url}/ads/${ad.id}`), page.click('form[action$="/reject"] button[type=submit]')]);
    const row = await rt.database.db.ad.findUniqueOrThrow({ where: { id: ad.id } });
    assert.equal(row.status, 'rejected');
    assert.equal(row.rejectionReason, cannedReasonText('wrong_category', 'en'));
    assert.match((await page.textContent('h1')) ?? '', /ردشده/);
  });

  it('changes a setting and it is applied', async () => {
    await page.goto(`${server.url}/settings`);
    await page.fill('[name="ads.maxLength"]', '640');
    await page.fill('[name="telegram.channelHandle"]', '@agahi_channel');
    await Promise.all([page.waitForURL(`${server.url}/settings`), page.click('form[action="/settings"] > .actions button.primary')]);
    assert.ok(await page.locator('.flash.ok').count());
    assert.equal(await rt.settings.get('ads.maxLength'), 640);
    const fresh = createSettingsService({ db: rt.database.db, secretBox: rt.secretBox });
    assert.equal(await fresh.get('telegram.channelHandle'), '@agahi_channel');
    assert.equal(await page.inputValue('[name="ads.maxLength"]'), '640');
  });

  it('live numbers refresh from /api/staff/pulse; dark mode and the theme toggle', async () => {
    await page.goto(`${server.url}/`);
    const before = await page.textContent('[data-pulse="pendingManual"]');
    await createPendingAd(rt, { content: 'arrives while the dashboard is open' });
    await page.evaluate("document.dispatchEvent(new Event('visibilitychange'))");
    const deadline = Date.now() + 10_000;
    while ((await page.textContent('[data-pulse="pendingManual"]')) === before) {
      assert.ok(Date.now() < deadline, 'the pending count did not refresh');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }

    const dark = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'dark', storageState: await context.storageState() });
    const darkPage = await dark.newPage();
    watch(darkPage);
    await darkPage.goto(`${server.url}/`);
    const background = await darkPage.evaluate('getComputedStyle(document.documentElement).backgroundColor');
    assert.equal(background, 'rgb(20, 23, 29)', 'prefers-color-scheme: dark applies');
    await darkPage.screenshot({ path: path.join(ARTIFACTS, 'panel-dark.png'), fullPage: true });
    await darkPage.click('[data-theme-toggle]'); // auto → dark
    await darkPage.click('[data-theme-toggle]'); // dark → light
    assert.equal(await darkPage.getAttribute('html', 'data-theme'), 'light');
    await darkPage.reload();
    assert.equal(await darkPage.getAttribute('html', 'data-theme'), 'light', 'the choice is remembered');
    assert.equal(await darkPage.evaluate('getComputedStyle(document.documentElement).backgroundColor'), 'rgb(245, 246, 248)');
    await dark.close();
  });

  it('the dashboard in two tabs while a third approves: every page loads', async () => {
    const ads = await Promise.all(Array.from({ length: 6 }, (_, i) => createPendingAd(rt, { content: `tab ad ${i}` })));
    const [tab1, tab2, tab3] = await Promise.all([context.newPage(), context.newPage(), context.newPage()]);
    for (const tab of [tab1, tab2, tab3]) watch(tab);
    let approving = true;
    const approvals = (async () => {
      for (const ad of ads) {
        await tab3.goto(`${server.url}/ads/${ad.id}`);
        await Promise.all([tab3.waitForURL(`${server.url}/ads/${ad.id}`), tab3.click('#approve-form button[type=submit]')]);
      }
      approving = false;
    })();
    const reload = async (tab: Page) => {
      let loads = 0;
      while (approving || loads < 2) {
        const res = await tab.goto(`${server.url}/`, { timeout: 10_000 });
        assert.equal(res?.status(), 200);
        assert.ok(await tab.locator('svg.chart').count());
        loads += 1;
      }
      return loads;
    };
    const [a, b] = await Promise.all([reload(tab1), reload(tab2), approvals]);
    assert.ok((a ?? 0) >= 2 && (b ?? 0) >= 2);
    assert.equal(await rt.database.db.ad.count({ where: { id: { in: ads.map((ad) => ad.id) }, status: 'approved' } }), 6);
    await Promise.all([tab1.close(), tab2.close(), tab3.close()]);
  });

  it('switches to English: left-to-right', async () => {
    await page.goto(`${server.url}/ads`);
    await Promise.all([page.waitForURL(`${server.url}/ads`), page.click('form[action="/account/language"] button')]);
    assert.equal(await page.getAttribute('html', 'dir'), 'ltr');
    assert.equal(await page.evaluate('getComputedStyle(document.body).direction'), 'ltr');
    assert.equal((await page.textContent('h1'))?.trim(), 'Ads');
    await page.screenshot({ path: path.join(ARTIFACTS, 'panel-en.png'), fullPage: true });
  });

  it('no script errors and no CSP violations on any page', () => {
    assert.deepEqual(problems, []);
  });
});
