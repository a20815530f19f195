import { performance } from 'node:perf_hooks';
import type { DatabaseProvider } from '../src/shared/db/create-db.ts';
import { createBenchDatabase } from './database.ts';
import { countLockErrors, countServerErrors, httpCountsByRoute } from './errors.ts';
import { createFixture } from './fixture.ts';
import type { LoadTarget } from './load.ts';
import type { Profile } from './options.ts';
import { startChild, waitForHttp, waitForLog, type Child } from './processes.ts';
import type { ProviderMeasurements } from './report.ts';
import { seedApprovedAds } from './seed-ads.ts';
import { measureApprovals, waitForPendingAds } from './scenarios/approvals.ts';
import { runConversations } from './scenarios/conversations.ts';
import { measurePartnerReads } from './scenarios/partner-reads.ts';
import { measureWebhookAcceptance } from './scenarios/webhook-acceptance.ts';

/**
 * One database's run, phase by phase (each phase alone on the machine, apart from the
 * background work the product itself does); the hello-world baseline runs in its own child
 * process the whole time and is measured in rounds alternating with the figures it is for:
 * 1. the web process alone: webhook acceptance, alternating with hello-world POST;
 * 2. web + bot: conversations end to end through the stand-ins;
 * 3. partner reads over the seeded ads while partner submissions are written, alternating
 *    with hello-world GET;
 * 4. approvals with healthy, then hung, Telegram and Instagram stand-ins;
 * then the 5xx count from the web process, the peak RSS of both processes and the lock errors
 * in their logs.
 */
export async function runProvider(provider: DatabaseProvider, profile: Profile, logDir: string, say: (line: string) => void): Promise<ProviderMeasurements> {
  const database = await createBenchDatabase(provider, logDir);
  const children: Child[] = [];
  let fixture: Awaited<ReturnType<typeof createFixture>> | undefined;
  try {
    say(`${provider}: preparing the database, stand-ins and bots`);
    const fx = await createFixture(database, 'info');
    fixture = fx;
    const seedStart = performance.now();
    const seededAds = await seedApprovedAds(fx.runtime.database.db, provider, profile.seededAds);
    const seedSeconds = (performance.now() - seedStart) / 1000;
    say(`${provider}: seeded ${seededAds} approved ads in ${seedSeconds.toFixed(1)} s`);

    const hello = startChild('hello-world', 'bench/hello-world.ts', {}, logDir);
    children.push(hello);
    const helloTarget: LoadTarget = { host: '127.0.0.1', port: Number((await waitForLog(hello, /listening (\d+)/))[1]), cpuMs: () => hello.cpuMs() };
    const web = startChild('web', 'src/admin/main.ts', fx.env, logDir);
    children.push(web);
    const webUrl = `http://127.0.0.1:${fx.port}`;
    await waitForHttp(web, `${webUrl}/healthz`);
    const target: LoadTarget = { host: '127.0.0.1', port: fx.port, cpuMs: () => web.cpuMs() };
    say(`${provider}: webhook acceptance (web process alone) alternating with hello-world`);
    const acceptance = await measureWebhookAcceptance(fx, target, helloTarget, profile.acceptance);
    say(`${provider}:   ${acceptance.webhook.perSecond} updates/s, p99 ${acceptance.webhook.latency.p99} ms, ${acceptance.webhook.serverCpuMsPerRequest} CPU ms each; hello-world ${acceptance.helloWorld.perSecond} req/s, ${acceptance.helloWorld.serverCpuMsPerRequest} CPU ms each`);

    const bot = startChild('bot', 'src/bot/main.ts', fx.env, logDir);
    children.push(bot);
    await waitForLog(bot, /bot process started/);
    say(`${provider}: conversations end to end (${profile.conversations.users} users, ${profile.conversations.durationMs / 1000} s)`);
    const conversations = await runConversations(fx, profile.conversations);
    say(`${provider}:   ${conversations.conversations} conversations, ${conversations.handledPerSecond} updates/s, p50 ${conversations.latency.p50} ms, p99 ${conversations.latency.p99} ms${conversations.firstError ? `; first error: ${conversations.firstError}` : ''}`);

    say(`${provider}: partner reads with ${profile.partnerReads.submitsPerSecond} submissions/s`);
    const partnerReads = await measurePartnerReads(fx, target, helloTarget, profile.partnerReads);
    say(`${provider}:   ${partnerReads.reads.perSecond} reads/s, p99 ${partnerReads.reads.latency.p99} ms, ${partnerReads.reads.serverCpuMsPerRequest} CPU ms each (submissions included); ${partnerReads.submits.perSecond} submits/s, p99 ${partnerReads.submits.latency.p99} ms; hello-world ${partnerReads.helloWorld.perSecond} req/s, ${partnerReads.helloWorld.serverCpuMsPerRequest} CPU ms each`);

    const needed = 2 * Math.floor((profile.approvals.perSecond * profile.approvals.durationMs) / 1000);
    say(`${provider}: waiting for the submissions to be pre-screened`);
    const pending = await waitForPendingAds(fx, needed, profile.screeningTimeoutMs);
    say(`${provider}: approvals, healthy then with Telegram and Instagram hanging`);
    const approvals = await measureApprovals(fx, target, pending, profile.approvals);
    say(`${provider}:   p99 healthy ${approvals.healthy.latency.p99} ms, hung ${approvals.hung.latency.p99} ms (${approvals.hungCalls} calls left hanging)`);

    const peakRssMB = { web: web.peakRssMB(), bot: bot.peakRssMB() };
    const httpCounts = await httpCountsByRoute(webUrl);
    const webServerErrors = await countServerErrors(webUrl);
    await bot.stop();
    await web.stop();
    await hello.stop();
    const loadServerErrors = acceptance.helloWorld.serverErrors + partnerReads.helloWorld.serverErrors;
    return {
      acceptance,
      conversations,
      partnerReads,
      approvals,
      lockErrors: countLockErrors(children.map((c) => c.logFile)),
      serverErrors: webServerErrors + loadServerErrors,
      httpCounts,
      peakRssMB,
      seededAds,
      seedSeconds: Math.round(seedSeconds * 10) / 10,
    };
  } finally {
    for (const child of children.reverse()) await child.stop();
    await fixture?.close();
    await database.drop();
  }
}
