import os from 'node:os';
import { loadConfig } from '../shared/config/load-config.ts';
import { createRuntime } from '../shared/runtime/create-runtime.ts';
import { exitOnStartupError } from '../shared/runtime/fatal.ts';
import { migrateDatabase } from '../shared/db/migrate.ts';
import { createLifecycle, installSignalHandlers, signalReady } from '../shared/lifecycle.ts';
import { createJobWorker } from '../shared/worker/job-worker.ts';
import { takeProcessLease } from '../shared/runtime/process-lease.ts';
import { releaseJobsOfDeadLocalWorkers } from '../shared/runtime/orphaned-jobs.ts';
import { createJobHandlers } from './jobs/job-handlers.ts';
import { parseBotArgs } from './parse-args.ts';
import { startMetricsSnapshots } from '../shared/metrics/metrics-snapshot.ts';
import { recoverStalledDeliveries } from '../shared/domain/delivery/delivery-recovery.ts';
import { startExpirySweeps } from '../shared/domain/expiry/expiry-schedule.ts';
import { HOUSEKEEPING } from '../shared/domain/housekeeping/housekeeping-job.ts';
import { startPeriodicJob } from '../shared/worker/periodic-job.ts';
import { startTransport, type TransportTuning } from './transport/start-transport.ts';
import type { BotDirectory } from './transport/bot-directory.ts';
import type { ResolveHandler } from './transport/update-handler.ts';
import type { Runtime } from '../shared/runtime/create-runtime.ts';

export interface StartBotOptions {
  /** Who handles updates; default: the conversation bot (create-bot.ts), one per bot row. */
  readonly handlers?: (runtime: Runtime, directory: BotDirectory) => ResolveHandler;
  readonly transportTuning?: TransportTuning;
}

/** The conversation bot, loaded only when it is the handler (tests bring their own). */
async function conversationHandlers(): Promise<NonNullable<StartBotOptions['handlers']>> {
  const { createBotInstances } = await import('./transport/bot-instances.ts');
  return createBotInstances;
}

/**
 * The bot process: Telegram polling for bots in polling mode, the handler of every received
 * update (from the inbox, whichever transport recorded it), and the job worker (moderation,
 * images, deliveries). Exactly one runs at a time.
 */
export async function startBot(argv: readonly string[] = process.argv.slice(2), options: StartBotOptions = {}) {
  const { forSeconds } = parseBotArgs(argv);
  const config = loadConfig();
  await migrateDatabase(config.databaseUrl);
  const runtime = createRuntime(config, { name: 'bot' });
  const { logger, database } = runtime;
  const lifecycle = createLifecycle((message, error) => logger.error({ msg: message, err: error }), (message) => logger.info({ msg: message }));
  lifecycle.onShutdown('database', () => database.close());

  const lease = await takeProcessLease(database.db, {
    wait: forSeconds === null,
    onWaiting: (holder) => logger.warn({ msg: 'another bot process holds the lease; waiting', holder }),
  });
  if (!lease) {
    await database.close();
    return { runtime, lifecycle, busy: true as const };
  }
  lifecycle.onShutdown('process lease', () => lease.release());
  const orphaned = await releaseJobsOfDeadLocalWorkers(database.db);
  if (orphaned > 0) logger.warn({ msg: 'jobs of a bot process that died were put back in the queue', count: orphaned });

  const worker = createJobWorker({
    jobs: runtime.jobs,
    handlers: createJobHandlers(runtime),
    logger,
    workerId: `${os.hostname()}:${process.pid}`,
    // Jobs spend their time waiting on the network (OpenAI, Telegram, Instagram), outside any
    // transaction, so several run at once even on SQLite: a hung integration never holds up the
    // rest. Their short writes still go one at a time through the serialized connection.
    concurrency: database.provider === 'postgresql' ? 8 : 4,
    onJobDone: (job, outcome, ms) => {
      runtime.metrics.jobsFinished.inc({ kind: job.kind, outcome });
      runtime.metrics.jobDuration.observe({ kind: job.kind }, ms / 1000);
    },
  });
  worker.start();
  lifecycle.onShutdown('job worker', () => worker.stop());
  const stopSnapshots = startMetricsSnapshots(database.db, runtime.metrics, 'bot');
  lifecycle.onShutdown('metrics snapshot', stopSnapshots);
  const recover = () => void recoverStalledDeliveries(runtime).catch((error: unknown) => logger.error({ msg: 'delivery recovery failed', err: error }));
  recover();
  const recovery = setInterval(recover, 10 * 60_000);
  recovery.unref();
  lifecycle.onShutdown('delivery recovery', () => clearInterval(recovery));
  // Expiry notices and expiry of approved ads: one sweep job per period (expiry-schedule.ts).
  const stopExpirySweeps = startExpirySweeps({ db: database.db, jobs: runtime.jobs, logger });
  lifecycle.onShutdown('expiry sweeps', stopExpirySweeps);
  // Finished jobs and handled updates are pruned after a week, hourly (housekeeping-job.ts).
  lifecycle.onShutdown('housekeeping', startPeriodicJob({ db: database.db, jobs: runtime.jobs, logger }, HOUSEKEEPING));

  // Registered after the worker, so it stops first: polling ends (what was fetched is
  // recorded), then handling finishes, then the worker, the lease and the database.
  const handlers = options.handlers ?? (await conversationHandlers());
  const transport = await startTransport({
    runtime,
    handlers: (directory) => handlers(runtime, directory),
    ...(options.transportTuning ? { tuning: options.transportTuning } : {}),
  });
  lifecycle.onShutdown('telegram transport', () => transport.stop());
  logger.info({ msg: 'bot process started', mode: forSeconds ? `for ${forSeconds}s` : 'continuous' });

  if (forSeconds !== null) {
    const timer = setTimeout(() => void lifecycle.shutdown('time limit'), forSeconds * 1000);
    lifecycle.onShutdown('time limit', () => clearTimeout(timer));
  }
  return { runtime, lifecycle, worker, transport, busy: false as const };
}

/** The whole bot process (npm run bot, PM2 through bot.js, cron with --for). */
export function runBotProcess(argv: readonly string[] = process.argv.slice(2)): void {
  startBot(argv)
    .then(async (started) => {
      if (started.busy) {
        // Cron mode: the previous run is still working. Not an error; this run has nothing to do.
        process.stdout.write('Another bot process is running (lease bot-process is held); exiting.\n');
        process.exit(0);
      }
      installSignalHandlers(started.lifecycle);
      signalReady();
      await started.lifecycle.finished;
      process.exit(0);
    })
    .catch(exitOnStartupError);
}

if (import.meta.url === `file://${process.argv[1]}`) runBotProcess();
