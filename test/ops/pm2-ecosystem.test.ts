// The PM2 deployment as a user runs it: `pm2 start ecosystem.config.js` with pm2 from npm, the real
// web (app.js) and bot (bot.js) processes, against the stand-ins. Web instances: one on SQLite, two
// in cluster mode on PostgreSQL. Shows that the bot's SIGTERM finishes or gives back every job in
// flight, that after a kill -9 PM2's restart resumes the cut-off jobs at once (nothing lost, each ad
// screened), and that killing a web instance mid-load loses no submission (client retries are
// idempotent by externalId).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { testProviders } from '../helpers/databases.ts';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.ts';
import { REPO_ROOT } from '../helpers/child-process.ts';
import { startStandIns, type StandIns } from '../stand-ins/index.ts';
import { createPartnerClient } from '../../src/shared/domain/partners/partner-clients.ts';
import { CLI_ACTOR } from '../../src/shared/domain/audit/record-audit.ts';

const run = promisify(execFile);
const PM2 = path.join(REPO_ROOT, 'node_modules/pm2/bin/pm2');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Pm2Process {
  readonly name: string;
  readonly pid: number;
  readonly pm_id: number;
  readonly pm2_env: { readonly status: string; readonly restart_time: number };
}

async function waitFor<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** One POST on a fresh connection (so PM2's cluster balancer spreads them over the instances). */
function postJson(url: string, body: unknown, headers: Record<string, string>): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const request = http.request(url, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers } }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, json: text ? (JSON.parse(text) as unknown) : null }));
      response.on('error', reject);
    });
    request.on('error', reject);
    // As a partner's client does: a request with no answer is given up and retried. Needed here:
    // a connection the cluster master had just handed to the instance that was killed is never
    // answered (Node's round-robin cluster drops a handoff to a dead worker).
    request.setTimeout(10_000, () => request.destroy(new Error('no answer within 10 s')));
    request.end(payload);
  });
}

for (const provider of testProviders()) {
  describe(`PM2 ecosystem: web + bot under pm2 (${provider})`, () => {
    let standIns: StandIns;
    let rt: TestRuntime;
    let pm2Env: NodeJS.ProcessEnv;
    let baseUrl: string;
    let apiKey: string;
    let tmp: string;
    const host = os.hostname();

    const pm2 = async (...args: string[]) => (await run(process.execPath, [PM2, ...args], { cwd: REPO_ROOT, env: pm2Env, timeout: 120_000 })).stdout;
    const processes = async (): Promise<Pm2Process[]> => JSON.parse(await pm2('jlist')) as Pm2Process[];
    const onlineBot = () =>
      waitFor('the bot online under pm2', async () => {
        const bot = (await processes()).find((p) => p.name === 'bot');
        return bot && bot.pm2_env.status === 'online' && bot.pid > 0 && isAlive(bot.pid) ? bot : undefined;
      });
    const submit = (externalId: string) =>
      postJson(`${baseUrl}/api/v1/submit`, { content: `PM2 test ad ${externalId}: a bicycle for sale, good condition.`, category: 'sale', externalId }, { 'x-api-key': apiKey });
    /** Submits with retries on connection errors, as a partner's client does; the same externalId each time. */
    const submitWithRetry = async (externalId: string): Promise<number> => {
      for (let attempt = 0; ; attempt += 1) {
        try {
          const { status } = await submit(externalId);
          if (status < 500 || attempt > 60) return status;
        } catch (error) {
          if (attempt > 60) throw error;
        }
        await sleep(250);
      }
    };
    const jobsHeldBy = (pid: number) =>
      rt.database.db.job.count({ where: { status: 'running', lockedBy: { startsWith: `${host}:${pid}/` } } });
    const allScreened = (prefix: string, count: number) =>
      waitFor(`all ${count} "${prefix}" ads screened`, async () => {
        const ads = await rt.database.db.ad.findMany({ where: { externalId: { startsWith: prefix } }, select: { status: true } });
        return ads.length === count && ads.every((ad) => ad.status === 'pending_manual') ? ads : undefined;
      }, 120_000);

    before(async () => {
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'agahi-pm2-'));
      standIns = await startStandIns();
      // Every screening takes a while, so jobs are surely in flight when the bot is stopped.
      standIns.openai.inject({ endpoint: 'moderations', fault: { kind: 'delay', ms: 2_000 } });
      rt = await createTestRuntime(provider);
      apiKey = (await createPartnerClient(rt.database.db, { name: 'pm2 test', rateLimitPerMin: 100_000 }, CLI_ACTOR)).key;
      const port = await freePort();
      baseUrl = `http://127.0.0.1:${port}`;
      pm2Env = {
        PATH: process.env.PATH,
        HOME: tmp,
        PM2_HOME: path.join(tmp, 'pm2'),
        LOG_DIR: path.join(tmp, 'logs'),
        DATABASE_URL: rt.testDb.url,
        APP_SECRET: rt.config.appSecret.toString('hex'),
        PORT: String(port),
        HOST: '127.0.0.1',
        TELEGRAM_API_ROOT: standIns.telegram.url,
        OPENAI_BASE_URL: standIns.openai.baseURL,
        OPENAI_API_KEY: standIns.openai.apiKey ?? 'sk-test',
        INSTAGRAM_GRAPH_URL: standIns.instagram.graphUrl,
        MEDIA_URL_CHECK: 'off',
        LOG_LEVEL: 'info',
        WEB_INSTANCES: '2',
      };
      await pm2('start', 'ecosystem.config.js');
    });

    after(async () => {
      await pm2('kill').catch(() => undefined);
      await standIns?.close();
      await rt?.close();
      fs.rmSync(tmp, { recursive: true, force: true });
    });

    it('starts web (cluster of 2 on PostgreSQL, 1 on SQLite) and exactly one bot, all ready', async () => {
      const list = await processes();
      const web = list.filter((p) => p.name === 'web');
      assert.equal(web.length, provider === 'postgresql' ? 2 : 1);
      assert.equal(list.filter((p) => p.name === 'bot').length, 1);
      for (const p of list) assert.equal(p.pm2_env.status, 'online', `${p.name} #${p.pm_id} is ${p.pm2_env.status}`);
      const health = await fetch(`${baseUrl}/healthz`);
      assert.equal(health.status, 200);
      assert.ok(fs.existsSync(path.join(pm2Env.LOG_DIR as string, 'bot.out.log')), 'log files under LOG_DIR');
    });

    it('SIGTERM to the bot with jobs in flight: each job is finished or back in the queue; the restart screens every ad once', async () => {
      const bot = await onlineBot();
      const statuses = await Promise.all(Array.from({ length: 10 }, (_, i) => submitWithRetry(`term-${i}`)));
      assert.deepEqual(statuses, Array(10).fill(201));
      await waitFor('screenings in flight', async () => (await jobsHeldBy(bot.pid)) >= 2, 60_000);

      process.kill(bot.pid, 'SIGTERM');
      await waitFor('the bot to exit', async () => !isAlive(bot.pid), 60_000);
      assert.equal(await jobsHeldBy(bot.pid), 0, 'no job is left running under the stopped process');
      const log = await waitFor('the shutdown in the log', async () => {
        const text = fs.readFileSync(path.join(pm2Env.LOG_DIR as string, 'bot.out.log'), 'utf8');
        return text.includes(`"pid":${bot.pid},`) && text.includes('shutdown complete') ? text : undefined;
      }, 10_000);
      assert.match(log, /shutting down \(SIGTERM\)/);

      const restarted = await onlineBot();
      assert.notEqual(restarted.pid, bot.pid, 'pm2 restarted the bot');
      await allScreened('term-', 10);
      assert.equal(await rt.database.db.moderationResult.count({ where: { ad: { externalId: { startsWith: 'term-' } } } }), 10);
      assert.equal(await rt.database.db.job.count({ where: { kind: 'moderate', status: { not: 'done' } } }), 0);
    });

    it('kill -9 of the bot with jobs in flight: pm2 restarts it and the cut-off jobs run again at once; nothing lost', async () => {
      const bot = await onlineBot();
      const statuses = await Promise.all(Array.from({ length: 10 }, (_, i) => submitWithRetry(`kill-${i}`)));
      assert.deepEqual(statuses, Array(10).fill(201));
      await waitFor('screenings in flight', async () => (await jobsHeldBy(bot.pid)) >= 2, 60_000);
      const cutOff = await jobsHeldBy(bot.pid);

      process.kill(bot.pid, 'SIGKILL');
      await waitFor('the bot to die', async () => !isAlive(bot.pid), 30_000);
      assert.ok((await jobsHeldBy(bot.pid)) > 0, 'the killed process left jobs running');
      const restarted = await onlineBot();
      assert.notEqual(restarted.pid, bot.pid);
      // The restarted bot puts the dead process's jobs back at once instead of waiting out their lease.
      await waitFor('the orphaned jobs released', async () => (await jobsHeldBy(bot.pid)) === 0, 60_000);
      const log = fs.readFileSync(path.join(pm2Env.LOG_DIR as string, 'bot.out.log'), 'utf8');
      assert.match(log, new RegExp(`"pid":${restarted.pid},.*jobs of a bot process that died were put back in the queue`));
      await allScreened('kill-', 10);
      const results = await rt.database.db.moderationResult.count({ where: { ad: { externalId: { startsWith: 'kill-' } } } });
      assert.equal(results, 10, `every ad screened once (${cutOff} were cut off mid-screening)`);
      assert.equal(await rt.database.db.job.count({ where: { kind: 'moderate', status: { not: 'done' } } }), 0);
    });

    it('a web instance killed mid-load loses no submission: retries with the same externalId are answered once', async () => {
      const webBefore = (await processes()).filter((p) => p.name === 'web');
      const ids = Array.from({ length: 40 }, (_, i) => `web-${i}`);
      const results: number[] = [];
      let next = 0;
      const worker = async () => {
        for (let i = next++; i < ids.length; i = next++) {
          results.push(await submitWithRetry(ids[i] as string));
          if (i === 10) process.kill((webBefore[0] as Pm2Process).pid, 'SIGKILL');
        }
      };
      await Promise.all(Array.from({ length: 4 }, worker));
      assert.ok(results.every((status) => status === 201 || status === 200), `statuses: ${results.join(',')}`);
      const stored = await rt.database.db.ad.groupBy({ by: ['externalId'], where: { externalId: { startsWith: 'web-' } }, _count: { _all: true } });
      assert.equal(stored.length, 40, 'every submission stored');
      assert.ok(stored.every((row) => row._count._all === 1), 'none stored twice');
      await waitFor('pm2 to restart the killed web instance', async () => {
        const web = (await processes()).filter((p) => p.name === 'web');
        return web.length === webBefore.length && web.every((p) => p.pm2_env.status === 'online' && isAlive(p.pid));
      });
      await allScreened('web-', 40);
    });
  });
}
