import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runTs } from '../helpers/child-process.ts';

describe('npm run demo -- --auto-approve', () => {
  it('submits an ad through the bot, approves it and sees it published everywhere, without a person', async () => {
    const started = Date.now();
    const run = await runTs('scripts/demo.ts', ['--auto-approve'], { LOG_LEVEL: 'warn', PORT: undefined });
    assert.equal(run.code, 0, `${run.stdout.slice(-3000)}\n${run.stderr.slice(-2000)}`);
    assert.match(run.stdout, /the ad was accepted with tracking code [0-9a-f]{8}/);
    assert.match(run.stdout, /admin panel: http:\/\/127\.0\.0\.1:\d+\/ {2}login admin@demo\.local \/ \S+/);
    assert.match(run.stdout, /deliveries: telegram_dm=success, telegram_channel=success, instagram_feed=success, instagram_story=success, webhook=success/);
    assert.match(run.stdout, /demo complete/);
    process.stdout.write(`# demo finished in ${Date.now() - started} ms\n`);
  });
});
