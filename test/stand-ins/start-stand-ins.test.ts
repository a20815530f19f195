import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStandIns } from './index.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

describe('startStandIns() and `npm run stand-ins`', () => {
  it('startStandIns starts all three on loopback and close() stops them', async () => {
    const standIns = await startStandIns();
    const urls = [standIns.telegram.url, standIns.openai.url, standIns.instagram.url];
    for (const url of urls) assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(new Set(urls).size, 3);
    const bot = standIns.telegram.addBot();
    assert.equal((await fetch(`${standIns.telegram.url}/bot${bot.token}/getMe`)).status, 200);
    await standIns.close();
    await standIns.close();
    await assert.rejects(fetch(`${standIns.telegram.url}/bot${bot.token}/getMe`));
  });

  it('main.ts prints the URLs, logs each call on one line without tokens, and exits 0 on SIGINT', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'main.ts')], {
      cwd: path.join(here, '..', '..'),
      env: { ...process.env, STAND_IN_TELEGRAM_PORT: '0', STAND_IN_OPENAI_PORT: '0', STAND_IN_INSTAGRAM_PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 20_000;
      while (!stdout.includes('Logging every call') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const telegramUrl = /^telegram\s+(http:\/\/127\.0\.0\.1:\d+)$/m.exec(stdout)?.[1];
      const openaiUrl = /^openai\s+(http:\/\/127\.0\.0\.1:\d+\/v1)$/m.exec(stdout)?.[1];
      const graphUrl = /^instagram\s+(http:\/\/127\.0\.0\.1:\d+\/v21\.0)$/m.exec(stdout)?.[1];
      const token = /BOT_TOKEN=(\d+:[A-Za-z0-9_-]+)/.exec(stdout)?.[1];
      assert.ok(telegramUrl && openaiUrl && graphUrl && token, `unexpected output:\n${stdout}\n${stderr}`);
      const me = (await (await fetch(`${telegramUrl}/bot${token}/getMe`)).json()) as { ok: boolean };
      assert.equal(me.ok, true);
      await fetch(`${openaiUrl}/moderations`, { method: 'POST', headers: { authorization: 'Bearer sk-nope-000000000000', 'content-type': 'application/json' }, body: '{"input":"x"}' });
      const deadline2 = Date.now() + 5_000;
      while (!/^openai .*moderations/m.test(stdout) && Date.now() < deadline2) await new Promise((r) => setTimeout(r, 50));
      const log = stdout.slice(stdout.indexOf('Logging every call'));
      assert.match(log, /^telegram\s+getMe bot=\d+ → 200/m);
      assert.match(log, /^openai\s+moderations unauthorized → 401/m);
      assert.ok(!log.includes(token), 'the call log never prints a token');
    } finally {
      child.kill('SIGINT');
    }
    assert.equal(await exited, 0);
    assert.match(stdout, /SIGINT: closing the stand-ins/);
  });
});
