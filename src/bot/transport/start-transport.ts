import type { Runtime } from '../../shared/runtime/create-runtime.ts';
import { ensureBootstrapBot } from '../../shared/domain/telegram/bootstrap-bot.ts';
import { createInboxRecorder, isRecordableUpdate } from '../../shared/domain/telegram/inbox-recorder.ts';
import { createInboxMetrics, type InboxMetrics } from '../../shared/domain/telegram/inbox-metrics.ts';
import { createUpdateFloodLimiter, type FloodLimits } from '../../shared/domain/telegram/update-flood-limiter.ts';
import { pruneInbox } from '../../shared/domain/telegram/inbox-retention.ts';
import { createBotDirectory, type BotDirectory } from './bot-directory.ts';
import { createBotSupervisor, type BotSupervisor } from './bot-supervisor.ts';
import { createInboxProcessor, type InboxProcessor } from './inbox-processor.ts';
import type { ResolveHandler } from './update-handler.ts';

/** Tuning knobs (tests shorten the timings; production uses the defaults). */
export interface TransportTuning {
  readonly processorConcurrency?: number;
  readonly processorPollMs?: number;
  readonly leaseMs?: number;
  readonly maxAttempts?: number;
  readonly retryDelaysMs?: readonly number[];
  readonly handlerTimeoutMs?: number;
  readonly syncIntervalMs?: number;
  readonly heartbeatMs?: number;
  readonly pollTimeoutSeconds?: number;
  readonly pollerBackoffBaseMs?: number;
  readonly pollerBackoffCapMs?: number;
  readonly flood?: FloodLimits;
}

export interface TransportDeps {
  readonly runtime: Runtime;
  /** Builds the handler lookup (the grammY bots in production, a recorder in tests). */
  readonly handlers: (directory: BotDirectory) => ResolveHandler;
  readonly metrics?: InboxMetrics;
  readonly tuning?: TransportTuning;
}

export interface Transport {
  readonly metrics: InboxMetrics;
  readonly processor: InboxProcessor;
  readonly supervisor: BotSupervisor;
  /** Stops polling first (recording what is in flight), then handling. */
  stop(): Promise<void>;
}

/**
 * The bot process's update path: BOT_TOKEN bootstrap, the inbox processor (handles every row
 * once, in order per chat) and the supervisor (pollers and webhook registration per bot).
 * Call it only while holding the bot-process lease: the processor takes over rows a dead
 * process left in progress.
 */
export async function startTransport(deps: TransportDeps): Promise<Transport> {
  const { runtime } = deps;
  const tuning = deps.tuning ?? {};
  const { db, provider } = runtime.database;
  const metrics = deps.metrics ?? createInboxMetrics(runtime.metrics);
  try {
    const bootstrapped = await ensureBootstrapBot(runtime);
    if (bootstrapped?.created) runtime.logger.info({ msg: 'bot from BOT_TOKEN added', botId: bootstrapped.botId });
  } catch (error) {
    runtime.logger.error({ msg: 'could not add the bot from BOT_TOKEN', error: error instanceof Error ? error.message : String(error) });
  }

  const directory = createBotDirectory(db);
  const recorder = createInboxRecorder({ provider, metrics, flood: createUpdateFloodLimiter(tuning.flood) });
  let processorAlive = false;
  const processor = createInboxProcessor({
    db,
    provider,
    logger: runtime.logger,
    resolveHandler: deps.handlers(directory),
    metrics,
    recoverOnStart: true,
    ...(tuning.processorConcurrency !== undefined ? { concurrency: tuning.processorConcurrency } : {}),
    ...(tuning.processorPollMs !== undefined ? { pollMs: tuning.processorPollMs } : {}),
    ...(tuning.leaseMs !== undefined ? { leaseMs: tuning.leaseMs } : {}),
    ...(tuning.maxAttempts !== undefined ? { maxAttempts: tuning.maxAttempts } : {}),
    ...(tuning.retryDelaysMs !== undefined ? { retryDelaysMs: tuning.retryDelaysMs } : {}),
    ...(tuning.handlerTimeoutMs !== undefined ? { handlerTimeoutMs: tuning.handlerTimeoutMs } : {}),
  });
  const supervisor = createBotSupervisor({
    runtime,
    directory,
    isProcessorAlive: () => processorAlive,
    recordBatch: async (botId, updates) => {
      // Telegram's update ids fit the column; should one ever not, it must not stop the bot.
      const recordable = updates.filter(isRecordableUpdate);
      if (recordable.length < updates.length) runtime.logger.error({ msg: 'updates with an unusable update_id skipped', botId, count: updates.length - recordable.length });
      await recorder.record(db, botId, recordable, 'polling');
      processor.poke();
    },
    ...(tuning.syncIntervalMs !== undefined ? { syncIntervalMs: tuning.syncIntervalMs } : {}),
    ...(tuning.heartbeatMs !== undefined ? { heartbeatMs: tuning.heartbeatMs } : {}),
    ...(tuning.pollTimeoutSeconds !== undefined ? { pollTimeoutSeconds: tuning.pollTimeoutSeconds } : {}),
    ...(tuning.pollerBackoffBaseMs !== undefined ? { pollerBackoffBaseMs: tuning.pollerBackoffBaseMs } : {}),
    ...(tuning.pollerBackoffCapMs !== undefined ? { pollerBackoffCapMs: tuning.pollerBackoffCapMs } : {}),
  });

  await processor.start();
  processorAlive = true;
  await supervisor.start();
  const prune = () =>
    void pruneInbox(db)
      .then((count) => count && runtime.logger.info({ msg: 'old inbox rows removed', count }))
      .catch((error: unknown) => runtime.logger.warn({ msg: 'inbox pruning failed', err: error }));
  prune();
  const pruning = setInterval(prune, 3_600_000);
  pruning.unref();
  return {
    metrics,
    processor,
    supervisor,
    async stop() {
      clearInterval(pruning);
      await supervisor.stop();
      processorAlive = false;
      await processor.stop();
    },
  };
}
