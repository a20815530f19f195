import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { csvCell, csvLine } from '../../../src/admin/panel/csv-cells.ts';
import { en } from '../../../src/admin/panel/i18n/en.ts';
import { fa } from '../../../src/admin/panel/i18n/fa.ts';
import { translator } from '../../../src/admin/panel/i18n/translator.ts';
import { VIEWS_DIR } from '../../../src/admin/panel/render/view-engine.ts';
import { buildActivityChart } from '../../../src/admin/panel/view-models/activity-chart.ts';
import { SETTING_GROUPS } from '../../../src/admin/panel/view-models/settings-form.ts';
import { parseAdFilters, filterQuery } from '../../../src/admin/panel/forms/ad-list-filters.ts';
import { safeLocalPath } from '../../../src/admin/panel/forms/form-values.ts';
import { isPanelPath } from '../../../src/admin/panel/panel-paths.ts';
import { cannedReasonText, CANNED_REASON_KEYS } from '../../../src/admin/panel/canned-reasons.ts';
import { SETTING_KEYS } from '../../../src/shared/domain/settings/setting-definitions.ts';
import { decodeIdCursor, decodeTimeIdCursor, encodeIdCursor, encodeTimeIdCursor } from '../../../src/shared/domain/review/keyset-cursor.ts';
import { createLoginThrottle } from '../../../src/admin/auth/login-throttle.ts';
import { AppError } from '../../../src/shared/errors.ts';

describe('panel building blocks', () => {
  it('CSV cells never start a formula and quote what needs quoting', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r', '＝']) {
      assert.ok(csvCell(`${start}HYPERLINK("http://x")`).replace(/^"/, '').startsWith("'"), `cell starting with ${JSON.stringify(start)}`);
    }
    assert.equal(csvCell('plain'), 'plain');
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('say "hi"'), '"say ""hi"""');
    assert.equal(csvCell('line1\nline2'), '"line1\nline2"');
    assert.equal(csvCell(null), '');
    assert.equal(csvCell(new Date('2026-01-02T03:04:05.000Z')), '2026-01-02T03:04:05.000Z');
    assert.equal(csvLine(['a', '=1+1', 'آگهی']), "a,'=1+1,آگهی\r\n");
  });

  it('the Persian dictionary has every English key, and nothing else', () => {
    assert.deepEqual(Object.keys(fa).sort(), Object.keys(en).sort());
    for (const [key, text] of Object.entries(fa)) assert.ok(text.trim(), `fa ${key} is empty`);
  });

  it('every message key a template names exists', () => {
    const keys = new Set(Object.keys(en));
    const missing: string[] = [];
    for (const file of walk(VIEWS_DIR)) {
      const source = fs.readFileSync(file, 'utf8');
      for (const match of source.matchAll(/\bt\('([a-zA-Z0-9_.]+)'/g)) {
        const key = match[1] ?? '';
        if (key.endsWith('.')) continue; // a prefix completed at run time
        if (!keys.has(key)) missing.push(`${path.basename(file)}: ${key}`);
      }
    }
    assert.deepEqual(missing, []);
  });

  it('dynamic labels exist for every status, channel and action the templates build', () => {
    const t = translator('fa');
    for (const key of ['deliveries.action.retry', 'deliveries.action.post_again', 'deliveries.action.mark_posted', 'deliveries.confirm.post_again', 'deliveries.confirm.mark_posted', 'theme.auto', 'theme.dark', 'theme.light', 'role.admin', 'role.moderator']) {
      assert.ok(Object.hasOwn(en, key), key);
      assert.notEqual(t(key as keyof typeof en), key);
    }
    for (const key of CANNED_REASON_KEYS) {
      assert.notEqual(cannedReasonText(key, 'fa'), cannedReasonText(key, 'en'));
    }
  });

  it('interpolates parameters', () => {
    assert.equal(translator('en')('review.bulkDone', { done: 2, skipped: 1 }), '2 decided, 1 skipped (no longer pending).');
  });

  it('the settings page shows every setting exactly once', () => {
    const shown = SETTING_GROUPS.flatMap((group) => group.keys);
    assert.deepEqual([...shown].sort(), [...SETTING_KEYS].sort());
    assert.equal(new Set(shown).size, shown.length);
  });

  it('the 30-day chart scales bars into the plot and mirrors time in RTL', () => {
    const days = Array.from({ length: 30 }, (_, i) => ({ day: `2026-01-${String(i + 1).padStart(2, '0')}`, submitted: i, approved: i % 3, rejected: i % 2, revision: 0 }));
    const text = { number: String, dayLabel: (d: string) => d.slice(8), title: (d: { day: string }) => d.day };
    const ltr = buildActivityChart(days, { ...text, rtl: false });
    const rtl = buildActivityChart(days, { ...text, rtl: true });
    assert.equal(ltr.days.length, 30);
    for (const day of ltr.days) {
      for (const rect of [day.submitted, day.approved, day.rejected, day.revision]) {
        assert.ok(rect.h >= 0 && rect.y >= 0 && rect.y + rect.h <= ltr.baseline + 0.01);
      }
    }
    assert.ok((ltr.days[0]?.xSubmitted ?? 0) < (ltr.days[29]?.xSubmitted ?? 0), 'LTR: oldest on the left');
    assert.ok((rtl.days[0]?.xSubmitted ?? 0) > (rtl.days[29]?.xSubmitted ?? 0), 'RTL: oldest on the right');
    assert.equal(buildActivityChart(days.map((d) => ({ ...d, submitted: 0, approved: 0, rejected: 0 })), { ...text, rtl: false }).empty, true);
  });

  it('reads the ads filter form leniently and writes it back', () => {
    const parsed = parseAdFilters({ status: 'pending', category: '3', from: '2026-01-05', to: '2026-02-30', source: 'bot:2', ai: 'maybe', q: '  flat ', sort: 'oldest' });
    assert.deepEqual(parsed.filters.statuses, ['pending_ai', 'pending_manual']);
    assert.equal(parsed.filters.categoryId, 3);
    assert.deepEqual(parsed.filters.source, { kind: 'bot', botId: 2 });
    assert.equal(parsed.filters.to, undefined, 'an impossible date is ignored');
    assert.equal(parsed.filters.aiVerdict, undefined);
    assert.equal(parsed.invalid, true);
    assert.equal(parsed.filters.q, 'flat');
    assert.equal(filterQuery(parsed.form, { cursor: 'abc' }), '?status=pending&category=3&from=2026-01-05&source=bot%3A2&q=flat&sort=oldest&cursor=abc');
  });

  it('keyset cursors round-trip and refuse garbage with 422', () => {
    const at = new Date('2026-03-04T05:06:07.089Z');
    assert.deepEqual(decodeTimeIdCursor(encodeTimeIdCursor({ at, id: 'abc' })), { at, id: 'abc' });
    assert.equal(decodeIdCursor(encodeIdCursor(42)), 42);
    for (const bad of ['', 'xyz', Buffer.from('nope|').toString('base64url')]) {
      assert.throws(() => decodeTimeIdCursor(bad), (e: unknown) => e instanceof AppError && e.code === 'validation_failed');
    }
    assert.throws(() => decodeIdCursor('bad'), AppError);
  });

  it('only local paths are redirect targets', () => {
    assert.equal(safeLocalPath('/ads?status=pending', '/'), '/ads?status=pending');
    for (const bad of ['//evil.test', '/\\evil.test', 'https://evil.test', 'javascript:alert(1)', '']) assert.equal(safeLocalPath(bad, '/'), '/');
  });

  it('the panel router only claims its own paths', () => {
    for (const p of ['/', '/login', '/ads', '/ads.csv', '/ads/x', '/api/staff/pulse', '/static/panel.css', '/settings', '/audit']) assert.ok(isPanelPath(p), p);
    for (const p of ['/media/a.png', '/api/v1/ads', '/telegram/webhook/1', '/healthz', '/metrics', '/adsx', '/api/staffs']) assert.ok(!isPanelPath(p), p);
  });

  it('login throttle: 5 failures per account+IP within the window, then a Retry-After', () => {
    let now = 1_000_000;
    const throttle = createLoginThrottle({ now: () => now });
    for (let i = 0; i < 5; i += 1) {
      assert.equal(throttle.retryAfter('a|1'), null);
      throttle.recordFailure('a|1');
    }
    assert.equal(throttle.retryAfter('a|1'), 900);
    assert.equal(throttle.retryAfter('a|2'), null, 'another IP is not affected');
    now += 600_000;
    assert.equal(throttle.retryAfter('a|1'), 300);
    now += 300_000;
    assert.equal(throttle.retryAfter('a|1'), null, 'the window ends 15 minutes after the first failure');
  });
});

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(path.join(dir, entry.name)) : [path.join(dir, entry.name)]));
}
