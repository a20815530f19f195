import type { Update } from 'grammy/types';
import type { Runtime } from '../../shared/runtime/create-runtime.ts';
import { createTelegramApi } from '../../shared/integrations/telegram/create-telegram-api.ts';
import { toTelegramError } from '../../shared/integrations/telegram/telegram-error.ts';
import { generateWebhookSecret } from '../../shared/domain/telegram/bot-token.ts';
import { isTokenRefusal, markBotActive, markBotError, markBotTokenRefused, writeHeartbeats } from '../../shared/domain/telegram/bot-status.ts';
import { webhookUrlFor } from '../../shared/domain/telegram/webhook-endpoint.ts';
import { setBotWebhook } from '../../shared/domain/telegram/webhook-registration.ts';
import { backoffDelay } from './abortable-sleep.ts';
import type { BotDirectory, BotRow } from './bot-directory.ts';
import { createBotPoller, type BotPoller } from './bot-poller.ts';

/**
 * Keeps the bot process's transports in line with the TelegramBot rows, without a restart:
 * every `syncIntervalMs` it reads the rows and, per bot, runs a poller while the bot is enabled
 * and in polling mode, stops it otherwise (disabled, switched to webhook, removed), restarts it
 * when `configVersion` changes, and calls setWebhook once per configVersion for webhook bots.
 * A token Telegram refuses (401) marks the bot `error` and is not tried again until its row
 * changes. Writes each live bot's `heartbeatAt` every `heartbeatMs`.
 */
export interface BotSupervisorDeps {
  readonly runtime: Pick<Runtime, 'config' | 'database' | 'secretBox' | 'settings' | 'logger'>;
  readonly directory: BotDirectory;
  /** Durably records a polled batch (and wakes the processor). */
  readonly recordBatch: (botId: number, updates: Update[]) => Promise<void>;
  /** Webhook bots are alive while the processor runs. */
  readonly isProcessorAlive: () => boolean;
  readonly syncIntervalMs?: number;
  readonly heartbeatMs?: number;
  readonly pollTimeoutSeconds?: number;
  readonly pollerBackoffBaseMs?: number;
  readonly pollerBackoffCapMs?: number;
}

export interface BotSupervisor {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Reconcile now (tests, and right after start). */
  sync(): Promise<void>;
  /** Bot ids with a running poller. */
  pollingBots(): number[];
}

interface Tracked {
  version: number;
  poller: BotPoller | null;
  pollerVersion: number | null;
  /** configVersion whose webhook is registered by this process. */
  webhookVersion: number | null;
  webhookFailures: number;
  webhookRetryAt: number;
  /** A setWebhook in progress (it never holds up the other bots). */
  registering: Promise<void> | null;
  /** configVersion at which Telegram refused the token: nothing runs until it changes. */
  refusedVersion: number | null;
  lastHeartbeat: number;
}

export function createBotSupervisor(deps: BotSupervisorDeps): BotSupervisor {
  const { runtime } = deps;
  const { db } = runtime.database;
  const log = runtime.logger.child({ component: 'bot-supervisor' });
  const syncIntervalMs = deps.syncIntervalMs ?? 1_000;
  const heartbeatMs = deps.heartbeatMs ?? 30_000;
  const pollTimeoutSeconds = deps.pollTimeoutSeconds ?? 20;
  const tracked = new Map<number, Tracked>();
  let timer: NodeJS.Timeout | null = null;
  let syncing: Promise<void> | null = null;
  let stopped = false;

  async function refuse(botId: number, version: number, description: string): Promise<void> {
    const state = tracked.get(botId);
    if (state) state.refusedVersion = version;
    await markBotTokenRefused(db, botId, description);
  }

  function startPoller(row: BotRow, state: Tracked): void {
    const token = runtime.secretBox.decrypt(row.tokenEncrypted);
    const version = row.configVersion;
    const poller = createBotPoller({
      botId: row.id,
      token,
      apiRoot: runtime.config.telegramApiRoot,
      logger: runtime.logger,
      pollTimeoutSeconds,
      ...(deps.pollerBackoffBaseMs !== undefined ? { backoffBaseMs: deps.pollerBackoffBaseMs } : {}),
      ...(deps.pollerBackoffCapMs !== undefined ? { backoffCapMs: deps.pollerBackoffCapMs } : {}),
      record: (updates) => deps.recordBatch(row.id, updates),
      onUnauthorized: (description) => refuse(row.id, version, description),
      onHealthy: () => void markBotActive(db, row.id).catch(() => undefined),
      stillWanted: async () => {
        const now = await db.telegramBot.findUnique({ where: { id: row.id }, select: { enabled: true, mode: true, configVersion: true } });
        return now !== null && now.enabled && now.mode === 'polling' && now.configVersion === version;
      },
    });
    state.poller = poller;
    state.pollerVersion = version;
    poller.start();
    log.info({ msg: 'polling started', botId: row.id });
  }

  async function stopPoller(botId: number, state: Tracked, reason: string): Promise<void> {
    const poller = state.poller;
    if (!poller) return;
    state.poller = null;
    state.pollerVersion = null;
    await poller.stop();
    log.info({ msg: 'polling stopped', botId, reason });
  }

  async function registerWebhook(row: BotRow, state: Tracked): Promise<void> {
    try {
      let secret: string;
      if (row.webhookSecretEncrypted) {
        secret = runtime.secretBox.decrypt(row.webhookSecretEncrypted);
      } else {
        secret = generateWebhookSecret();
        // Stored before Telegram can send it; not a config change, so no version bump. If
        // another process stored one meanwhile, that one is used.
        const { count } = await db.telegramBot.updateMany({ where: { id: row.id, webhookSecretEncrypted: null }, data: { webhookSecretEncrypted: runtime.secretBox.encrypt(secret) } });
        if (count === 0) {
          const stored = await db.telegramBot.findUnique({ where: { id: row.id }, select: { webhookSecretEncrypted: true } });
          if (!stored?.webhookSecretEncrypted) return;
          secret = runtime.secretBox.decrypt(stored.webhookSecretEncrypted);
        }
      }
      const api = createTelegramApi(runtime.secretBox.decrypt(row.tokenEncrypted), { apiRoot: runtime.config.telegramApiRoot, throttle: false });
      await setBotWebhook(api, await webhookUrlFor(runtime, row.id), secret);
      state.webhookVersion = row.configVersion;
      state.webhookFailures = 0;
      await markBotActive(db, row.id);
      log.info({ msg: 'webhook registered', botId: row.id });
    } catch (error) {
      const failure = toTelegramError(error);
      if (failure.kind === 'unauthorized') {
        await refuse(row.id, row.configVersion, failure.description);
        return;
      }
      state.webhookFailures += 1;
      state.webhookRetryAt = Date.now() + backoffDelay(state.webhookFailures, 2_000, 5 * 60_000);
      if (failure.kind === 'rejected') await markBotError(db, row.id, `setWebhook failed: ${failure.description}`);
      log.warn({ msg: 'setWebhook failed; will retry', botId: row.id, error: failure.description });
    }
  }

  function alive(row: BotRow, state: Tracked, now: number): boolean {
    if (!row.enabled || state.refusedVersion === row.configVersion) return false;
    if (row.mode === 'webhook') return deps.isProcessorAlive();
    const poller = state.poller;
    return poller !== null && poller.state === 'polling' && poller.lastSuccessAt !== null && now - poller.lastSuccessAt < pollTimeoutSeconds * 1000 + 30_000;
  }

  async function reconcile(): Promise<void> {
    const rows = await deps.directory.refresh();
    const seen = new Set<number>();
    const now = Date.now();
    const heartbeats: number[] = [];
    for (const row of rows) {
      if (stopped) return;
      seen.add(row.id);
      let state = tracked.get(row.id);
      if (!state) {
        state = {
          version: row.configVersion,
          poller: null,
          pollerVersion: null,
          webhookVersion: null,
          webhookFailures: 0,
          webhookRetryAt: 0,
          registering: null,
          // A token refused before this process started stays refused until the row changes.
          refusedVersion: row.status === 'error' && isTokenRefusal(row.lastError) ? row.configVersion : null,
          lastHeartbeat: 0,
        };
        tracked.set(row.id, state);
      }
      if (state.version !== row.configVersion) {
        state.version = row.configVersion;
        if (state.refusedVersion !== row.configVersion) state.refusedVersion = null;
      }
      const refused = state.refusedVersion === row.configVersion;
      const wantPolling = row.enabled && row.mode === 'polling' && !refused;
      const wantWebhook = row.enabled && row.mode === 'webhook' && !refused;
      const poller = state.poller;
      if (poller && (!wantPolling || state.pollerVersion !== row.configVersion || poller.state === 'stopped' || poller.state === 'unauthorized')) {
        await stopPoller(row.id, state, !wantPolling ? 'not in polling mode or disabled' : 'bot changed');
      }
      if (wantPolling && !state.poller) startPoller(row, state);
      if (!wantWebhook) state.webhookVersion = null;
      else if (state.webhookVersion !== row.configVersion && now >= state.webhookRetryAt && !state.registering) {
        const registering = registerWebhook(row, state).finally(() => {
          state.registering = null;
        });
        state.registering = registering;
      }
      if (alive(row, state, now) && now - state.lastHeartbeat >= heartbeatMs) {
        state.lastHeartbeat = now;
        heartbeats.push(row.id);
      }
    }
    for (const [botId, state] of tracked) {
      if (seen.has(botId)) continue;
      await stopPoller(botId, state, 'bot removed');
      tracked.delete(botId);
    }
    await writeHeartbeats(db, heartbeats);
  }

  function sync(): Promise<void> {
    syncing ??= reconcile()
      .catch((error: unknown) => log.error({ msg: 'bot sync failed', err: error }))
      .finally(() => {
        syncing = null;
      });
    return syncing;
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => void sync().then(schedule), syncIntervalMs);
  }

  return {
    async start() {
      stopped = false;
      await sync();
      schedule();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await syncing;
      await Promise.all([...tracked.entries()].map(([botId, state]) => stopPoller(botId, state, 'shutdown')));
      await Promise.all([...tracked.values()].map((state) => state.registering));
    },
    sync,
    pollingBots: () => [...tracked.entries()].filter(([, s]) => s.poller !== null).map(([id]) => id),
  };
}
