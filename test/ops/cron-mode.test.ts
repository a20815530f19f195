// The shared-hosting deployment: the bot process started by cron as `npm run bot -- --for N`.
// Two overlapping runs: the second sees the first's lease, says so in one line and exits 0 at once;
// the first polls Telegram, handles what it receives, runs the queued jobs and exits 0 at its
// deadline with nothing left half-done.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { testProviders } from '../helpers/databases.ts';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.ts';
import { collect, REPO_ROOT } from '../helpers/child-process.ts';
import { startStandIns, type StandIns } from '../stand-ins/index.ts';
import { submitAd } from '../../src/shared/domain/ads/submit-ad.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

for (const provider of testProviders()) {
  describe(`cron mode: npm run bot -- --for 5 (${provider})`, () => {
    let standIns: StandIns;
    let rt: TestRuntime;

    before(async () => {
      standIns = await startStandIns();
      rt = await createTestRuntime(provider);
    });
    after(async () => {
      await standIns?.close();
      await rt?.close();
    });

    it('a second run while the first holds the lease exits at once with a clear line; the first handles updates and jobs, then exits at its deadline', async () => {
      const bot = standIns.telegram.addBot({ username: 'cron_test_bot' });
      const env = {
        ...process.env,
        DATABASE_URL: rt.testDb.url,
        APP_SECRET: rt.config.appSecret.toString('hex'),
        TELEGRAM_API_ROOT: standIns.telegram.url,
        OPENAI_BASE_URL: standIns.openai.baseURL,
        OPENAI_API_KEY: standIns.openai.apiKey ?? 'sk-test',
        INSTAGRAM_GRAPH_URL: standIns.instagram.graphUrl,
        MEDIA_URL_CHECK: 'off',
        BOT_TOKEN: bot.token,
        LOG_LEVEL: 'warn',
      };
      const cronRun = () => spawn('npm', ['run', '--silent', 'bot', '--', '--for', '5'], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });

      // Work waiting for the run: ads to screen, and messages users sent since the last run.
      const ads = [];
      for (let i = 0; i < 4; i += 1) {
        ads.push((await submitAd({ db: rt.database.db, jobs: rt.jobs }, { source: 'partner', content: `Cron test ad ${i}: a sofa in good condition.` })).ad.id);
      }
      const users = Array.from({ length: 3 }, (_, i) => standIns.telegram.user({ bot, firstName: `Cron${i}` }));

      const first = cronRun();
      const firstDone = collect(first);
      await waitFor('the first run to hold the lease', async () => (await rt.database.db.lease.findUnique({ where: { name: 'bot-process' } })) ?? undefined);
      for (const user of users) user.send('/start');

      const second = await collect(cronRun());
      assert.equal(second.code, 0, second.stderr);
      assert.match(second.stdout, /^Another bot process is running \(lease bot-process is held\); exiting\.$/m);
      // The line itself shows the overlap: had the first run already ended, the second would have
      // taken the lease and worked for its own 5 s instead of exiting with it.

      const result = await firstDone;
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.signal, null);

      // Nothing lost: every user got an answer, every update is handled, every ad screened, nothing
      // left running, and the lease is free for the next minute's run.
      for (const user of users) assert.ok(user.messages().length >= 1, `${user.user.first_name} got an answer`);
      const inbox = await rt.database.db.inboxUpdate.findMany({ select: { status: true } });
      assert.ok(inbox.length >= 3 && inbox.every((row) => row.status === 'done'), JSON.stringify(inbox));
      const screened = await rt.database.db.ad.findMany({ where: { id: { in: ads } }, select: { status: true } });
      assert.deepEqual(screened.map((ad) => ad.status), ['pending_manual', 'pending_manual', 'pending_manual', 'pending_manual']);
      assert.equal(await rt.database.db.job.count({ where: { status: 'running' } }), 0);
      assert.equal(await rt.database.db.lease.count({ where: { name: 'bot-process' } }), 0, 'the lease was released at exit');

      // The next minute's run takes the lease at once and polls again.
      const polls = standIns.telegram.calls({ method: 'getUpdates', bot: bot.id }).length;
      const next = await collect(cronRun());
      assert.equal(next.code, 0, next.stderr);
      assert.doesNotMatch(next.stdout, /Another bot process/);
      assert.ok(standIns.telegram.calls({ method: 'getUpdates', bot: bot.id }).length > polls, 'the next run polled');
    });
  });
}
