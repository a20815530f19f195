import type { Update } from 'grammy/types';
import { createRunner, createSource, type RunnerHandle, type UpdateSink } from '@grammyjs/runner';
import type { Logger } from '../../shared/logger.ts';
import { createTelegramApi } from '../../shared/integrations/telegram/create-telegram-api.ts';
import { toTelegramError } from '../../shared/integrations/telegram/telegram-error.ts';
import { deleteBotWebhook } from '../../shared/domain/telegram/webhook-registration.ts';
import { backoffDelay, sleepUnlessAborted } from './abortable-sleep.ts';
import { createUpdateSupplier } from './update-supplier.ts';
import { toGrammySignal } from './grammy-signal.ts';

/**
 * Long polling for one bot with @grammyjs/runner, whose sink only records each batch in the
 * inbox (handling happens from there). The runner fetches the next batch — confirming this
 * one to Telegram — only after the sink's promise resolved, so nothing confirmed is unrecorded.
 * Start: getMe (checks the token), deleteWebhook, then poll. 401 stops the poller for good
 * (`onUnauthorized`); 409 (a webhook or another consumer) backs off, then polls again only if
 * the bot should still be polled; anything else backs off and retries.
 */
export interface BotPollerDeps {
  readonly botId: number;
  readonly token: string;
  readonly apiRoot: string;
  readonly logger: Logger;
  /** Durably records a batch (and wakes the processor). */
  readonly record: (updates: Update[]) => Promise<void>;
  readonly onUnauthorized: (description: string) => Promise<void>;
  /** The first successful getUpdates after each (re)start. */
  readonly onHealthy?: () => void;
  /** Asked before polling again after a conflict; false ends the poller. */
  readonly stillWanted?: () => Promise<boolean>;
  readonly pollTimeoutSeconds?: number;
  readonly backoffBaseMs?: number;
  readonly backoffCapMs?: number;
}

export type PollerState = 'starting' | 'polling' | 'backing_off' | 'stopped' | 'unauthorized';

export interface BotPoller {
  start(): void;
  /** Cuts the long poll short, waits for a batch being recorded, confirms what was recorded. */
  stop(): Promise<void>;
  readonly state: PollerState;
  /** Time of the last successful getUpdates (ms since epoch), or null. */
  readonly lastSuccessAt: number | null;
}

export function createBotPoller(deps: BotPollerDeps): BotPoller {
  const timeoutSeconds = deps.pollTimeoutSeconds ?? 20;
  const api = createTelegramApi(deps.token, {
    apiRoot: deps.apiRoot,
    timeoutSeconds: timeoutSeconds + 15,
    throttle: false,
    // No retries inside the client: the supplier and this loop own the retry policy.
    profile: 'publishing',
    maxRetryAttempts: 0,
    maxDelaySeconds: 0,
  });
  const log = deps.logger.child({ botId: deps.botId, component: 'poller' });
  const abort = new AbortController();
  let state: PollerState = 'stopped';
  let lastSuccessAt: number | null = null;
  let runner: RunnerHandle | null = null;
  let loop: Promise<void> | null = null;
  /** The offset that confirms exactly what the inbox holds. */
  let recordedOffset: number | null = null;

  const sink: UpdateSink<Update> = {
    async handle(updates) {
      if (updates.length) {
        await deps.record(updates);
        recordedOffset = (updates.at(-1)?.update_id ?? 0) + 1;
      }
      return 100;
    },
    size: () => 0,
    snapshot: () => [],
  };

  async function pollOnce(): Promise<void> {
    await api.getMe(toGrammySignal(abort.signal));
    await deleteBotWebhook(api, abort.signal);
    let healthy = false;
    const supplier = createUpdateSupplier({
      api,
      logger: log,
      timeoutSeconds,
      ...(deps.backoffBaseMs !== undefined ? { backoffBaseMs: deps.backoffBaseMs } : {}),
      ...(deps.backoffCapMs !== undefined ? { backoffCapMs: deps.backoffCapMs } : {}),
      onSuccess: () => {
        lastSuccessAt = Date.now();
        state = 'polling';
        if (!healthy) {
          healthy = true;
          deps.onHealthy?.();
        }
      },
    });
    runner = createRunner(createSource(supplier), sink);
    if (abort.signal.aborted) return;
    runner.start();
    await runner.task();
  }

  async function run(): Promise<void> {
    for (let failures = 0; !abort.signal.aborted; ) {
      state = 'starting';
      try {
        await pollOnce();
        failures = 0;
        // The runner only ends on its own when stopped; anything else must not spin.
        if (!abort.signal.aborted) await sleepUnlessAborted(1_000, abort.signal);
      } catch (error) {
        if (abort.signal.aborted) break;
        const failure = toTelegramError(error);
        if (failure.kind === 'unauthorized') {
          state = 'unauthorized';
          log.error({ msg: 'Telegram refused the bot token; polling stopped until the bot is changed', error: failure.description });
          await deps.onUnauthorized(failure.description).catch((e: unknown) => log.error({ msg: 'recording the bot error failed', err: e }));
          return;
        }
        state = 'backing_off';
        const conflict = failure.errorCode === 409;
        const waitMs = backoffDelay(failures, conflict ? 2_000 : (deps.backoffBaseMs ?? 500), deps.backoffCapMs ?? 30_000);
        failures += 1;
        log.warn({ msg: conflict ? 'getUpdates conflict (webhook set or another consumer); backing off' : 'polling failed; backing off', error: failure.description, waitMs });
        await sleepUnlessAborted(waitMs, abort.signal);
        if (conflict && deps.stillWanted && !abort.signal.aborted && !(await deps.stillWanted().catch(() => true))) break;
      } finally {
        runner = null;
      }
    }
    if (state !== 'unauthorized') state = 'stopped';
  }

  return {
    start() {
      if (loop) return;
      loop = run();
    },
    async stop() {
      abort.abort();
      // A runner that failed at this very moment is dealt with by the loop.
      await Promise.resolve(runner?.stop()).catch(() => undefined);
      await loop;
      if (state === 'unauthorized') return;
      state = 'stopped';
      if (recordedOffset !== null) {
        // Confirm what is recorded, so the next start does not fetch it again (it would be
        // ignored as a duplicate anyway).
        await api.getUpdates({ offset: recordedOffset, limit: 1, timeout: 0 }, toGrammySignal(AbortSignal.timeout(2_000))).catch(() => undefined);
      }
    },
    get state() {
      return state;
    },
    get lastSuccessAt() {
      return lastSuccessAt;
    },
  };
}
