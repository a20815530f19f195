// `npm run cli -- doctor` against the stand-ins: one line per check, exit 0 when all pass, exit 1
// with a FAIL line naming the broken integration (and never the secret) when one does not.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.ts';
import { runTs } from '../helpers/child-process.ts';
import { startStandIns, type StandIns } from '../stand-ins/index.ts';
import { addBot } from '../../src/shared/domain/telegram/bot-registry.ts';
import { CLI_ACTOR } from '../../src/shared/domain/audit/record-audit.ts';

describe('cli doctor', () => {
  let standIns: StandIns;
  let rt: TestRuntime;
  let env: Record<string, string>;

  before(async () => {
    standIns = await startStandIns();
    rt = await createTestRuntime('sqlite', { TELEGRAM_API_ROOT: standIns.telegram.url });
    const bot = standIns.telegram.addBot({ username: 'doctor_test_bot' });
    await addBot(rt, bot.token, 'polling', { actor: CLI_ACTOR });
    const account = standIns.instagram.addAccount({ username: 'doctor_ig' });
    await rt.settings.set({ 'instagram.enabled': true, 'instagram.userId': account.userId, 'instagram.accessToken': account.token }, CLI_ACTOR);
    env = {
      CWD: rt.testDb.dir,
      DATABASE_URL: rt.testDb.url,
      APP_SECRET: rt.config.appSecret.toString('hex'),
      TELEGRAM_API_ROOT: standIns.telegram.url,
      OPENAI_BASE_URL: standIns.openai.baseURL,
      OPENAI_API_KEY: standIns.openai.apiKey ?? 'sk-test',
      INSTAGRAM_GRAPH_URL: standIns.instagram.graphUrl,
    };
  });
  after(async () => {
    await standIns?.close();
    await rt?.close();
  });

  it('checks the database, migrations, the bot, OpenAI and Instagram, one line each; exit 0', async () => {
    const run = await runTs('src/cli/main.ts', ['doctor'], env);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const lines = run.stdout.trim().split('\n');
    for (const name of ['database', 'migrations', 'OpenAI', 'Instagram']) {
      assert.ok(lines.some((line) => line.startsWith('ok') && line.includes(`${name}:`)), `an ok line for ${name} in:\n${run.stdout}`);
    }
    // No bot process runs here, so the bot line warns about its heartbeat; its token works.
    assert.ok(lines.some((line) => /^(ok  |WARN) bots: #1 @doctor_test_bot \(polling\): getMe ok/.test(line)), run.stdout);
    assert.ok(lines.some((line) => /^ok\s+Instagram: @doctor_ig: \d+\/\d+ posts used/.test(line)), run.stdout);
    assert.ok(lines.every((line) => /^(ok  |WARN|FAIL) /.test(line)), run.stdout);
  });

  it('a rejected OpenAI key and an expired Instagram token are FAIL lines, exit 1, secrets never printed', async () => {
    const badKey = 'sk-this-key-is-wrong-0123456789';
    const [account] = [standIns.instagram.addAccount({ username: 'doctor_ig2' })];
    await rt.settings.set({ 'instagram.userId': account.userId, 'instagram.accessToken': account.token }, CLI_ACTOR);
    standIns.instagram.expireToken(account.token);
    const run = await runTs('src/cli/main.ts', ['doctor'], { ...env, OPENAI_API_KEY: badKey });
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(run.stdout, /^FAIL OpenAI: not reachable with the configured key/m);
    assert.match(run.stdout, /^FAIL Instagram: not reachable with the stored token/m);
    assert.ok(!run.stdout.includes(badKey) && !run.stderr.includes(badKey), 'the OpenAI key is not printed');
    assert.ok(!run.stdout.includes(account.token), 'the Instagram token is not printed');
  });
});
