import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createConfig } from '../../../src/shared/config/create-config.ts';
import { ConfigError } from '../../../src/shared/config/config-error.ts';
import { runTs } from '../../helpers/child-process.ts';

const SECRET = 'ab'.repeat(32);

describe('configuration', () => {
  it('applies the defaults of CONTRACT.md §2', () => {
    const config = createConfig({ APP_SECRET: SECRET }, { cwd: '/srv/app', version: '1.2.3' });
    assert.equal(config.databaseUrl, 'file:./data/app.db');
    assert.equal(config.sqlitePath, '/srv/app/data/app.db');
    assert.equal(config.port, 3000);
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.publicBaseUrl, 'http://127.0.0.1:3000');
    assert.equal(config.telegramApiRoot, 'https://api.telegram.org');
    assert.equal(config.instagramGraphUrl, 'https://graph.facebook.com/v21.0');
    assert.equal(config.moderationTimeoutMs, 15000);
    assert.equal(config.mediaUrlCheck, 'strict');
    assert.equal(config.botMode, 'polling');
    assert.equal(config.logLevel, 'info');
    assert.ok(Object.isFrozen(config));
  });

  for (const [variable, value] of [
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['APP_SECRET', 'short'],
    ['DATABASE_URL', 'mysql://x'],
    ['MODERATION_TIMEOUT_MS', '-5'],
    ['MEDIA_URL_CHECK', 'maybe'],
    ['BOT_MODE', 'push'],
    ['LOG_LEVEL', 'loud'],
    ['TELEGRAM_API_ROOT', 'not a url'],
    ['BOT_TOKEN', 'nope'],
    ['ADMIN_EMAIL', 'not-an-email'],
  ] as const) {
    it(`refuses ${variable}=${value} naming the variable`, () => {
      assert.throws(
        () => createConfig({ APP_SECRET: SECRET, [variable]: value }, { cwd: '/tmp', version: '0' }),
        (error: unknown) => error instanceof ConfigError && error.variable === variable && error.message.startsWith(`Invalid configuration: ${variable} `) && !error.message.includes('\n'),
      );
    });
  }

  it('a bad value stops a process with one line and exit code 1, without echoing a secret', async () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'agahi-config-'));
    try {
      for (const entry of ['src/admin/main.ts', 'src/bot/main.ts', 'src/cli/main.ts']) {
        const args = entry.includes('cli') ? ['doctor'] : [];
        const run = await runTs(entry, args, { CWD: cwd, APP_SECRET: 'zz-not-hex-secret-value', PORT: '3000' });
        assert.equal(run.code, 1, `${entry}: ${run.stderr}`);
        const lines = run.stderr.trim().split('\n');
        assert.equal(lines.length, 1, `${entry} printed more than one line: ${run.stderr}`);
        assert.match(lines[0] ?? '', /APP_SECRET/);
        assert.ok(!run.stderr.includes('zz-not-hex-secret-value'));
      }
    } finally {
      fs.rmSync(cwd, { recursive: true, force: true });
    }
  });

  it('generates data/secret.key once, with mode 0600, when APP_SECRET is unset', async () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'agahi-secret-'));
    try {
      const env = { CWD: cwd, APP_SECRET: '' };
      const first = await runTs('src/cli/main.ts', ['settings:get', 'ads.maxLength'], env);
      assert.equal(first.code, 0, first.stderr);
      const keyFile = path.join(cwd, 'data', 'secret.key');
      const key = fs.readFileSync(keyFile, 'utf8');
      assert.match(key.trim(), /^[0-9a-f]{64}$/);
      assert.equal(fs.statSync(keyFile).mode & 0o777, 0o600);
      const second = await runTs('src/cli/main.ts', ['settings:get', 'ads.maxLength'], env);
      assert.equal(second.code, 0, second.stderr);
      assert.equal(fs.readFileSync(keyFile, 'utf8'), key);
    } finally {
      fs.rmSync(cwd, { recursive: true, force: true });
    }
  });
});
