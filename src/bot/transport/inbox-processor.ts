import type { Db } from '../../shared/db/prisma-types.ts';
import type { DatabaseProvider } from '../../shared/db/create-db.ts';
import type { Logger } from '../../shared/logger.ts';
import { redactText } from '../../shared/redact.ts';
import { chatIdentity, createInboxClaims, type ClaimedUpdate, type InboxClaims } from '../../shared/domain/telegram/inbox-claims.ts';
import type { InboxMetrics } from '../../shared/domain/telegram/inbox-metrics.ts';
import type { ResolveHandler } from './update-handler.ts';

/**
 * Handles every inbox row exactly once, in order per chat: a dispatcher claims the oldest
 * claimable rows (never two of one chat at once; up to `concurrency` chats in parallel), runs
 * the bot's handler under a deadline, and marks the row `done`; a failure is retried after a
 * pause and ends `failed` after `maxAttempts`, so one bad update never blocks its chat for
 * long. New rows are picked up within `pollMs`, at once when this process recorded them
 * (`poke`). The lease brings back a row whose process died mid-handling (once, on restart).
 */
export interface InboxProcessorDeps {
  readonly db: Db;
  readonly provider: DatabaseProvider;
  readonly logger: Logger;
  readonly resolveHandler: ResolveHandler;
  readonly metrics?: InboxMetrics;
  readonly concurrency?: number;
  readonly pollMs?: number;
  readonly leaseMs?: number;
  readonly maxAttempts?: number;
  /** Pause before attempt n+1 (the last value repeats). */
  readonly retryDelaysMs?: readonly number[];
  /** A handler still running after this counts as a failed attempt (its chat moves on). */
  readonly handlerTimeoutMs?: number;
  /** How long stop() waits for running handlers before giving their rows back. */
  readonly stopGraceMs?: number;
  /**
   * Return rows left `processing` by a dead process to `pending` at start. Only correct while
   * one bot process runs at a time (the bot-process lease guarantees it).
   */
  readonly recoverOnStart?: boolean;
  readonly claims?: InboxClaims;
}

export interface InboxProcessor {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Look for work now (this process just recorded rows). */
  poke(): void;
  readonly inFlight: number;
}

class HandlerTimeout extends Error {
  constructor(ms: number) {
    super(`handler did not finish within ${ms} ms`);
    this.name = 'HandlerTimeout';
  }
}

export function createInboxProcessor(deps: InboxProcessorDeps): InboxProcessor {
  const concurrency = deps.concurrency ?? 8;
  const pollMs = deps.pollMs ?? 100;
  const leaseMs = deps.leaseMs ?? 60_000;
  const maxAttempts = deps.maxAttempts ?? 3;
  const retryDelays = deps.retryDelaysMs ?? [1_000, 5_000];
  const handlerTimeoutMs = deps.handlerTimeoutMs ?? 60_000;
  const claims = deps.claims ?? createInboxClaims({ db: deps.db, provider: deps.provider, leaseMs, maxAttempts });
  const log = deps.logger.child({ component: 'inbox' });

  const busy = new Set<string>();
  const running = new Map<number, { row: ClaimedUpdate; task: Promise<void> }>();
  let stopping = false;
  let loop: Promise<void> | null = null;
  let wake: (() => void) | null = null;
  let pokedWhileBusy = false;

  const poke = () => {
    if (wake) wake();
    else pokedWhileBusy = true;
  };

  const idle = (ms: number) =>
    new Promise<void>((resolve) => {
      if (pokedWhileBusy || stopping) {
        pokedWhileBusy = false;
        resolve();
        return;
      }
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = null;
        resolve();
      }
      wake = done;
    });

  function withDeadline(work: Promise<void>): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new HandlerTimeout(handlerTimeoutMs)), handlerTimeoutMs);
      // A handler abandoned at shutdown must not keep the process alive through its deadline.
      timer.unref();
    });
    return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
  }

  async function settle(write: () => Promise<boolean>, what: string, row: ClaimedUpdate): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        if (!(await write())) log.warn({ msg: `inbox row was taken over before it could be marked ${what}`, inboxId: row.id });
        return;
      } catch (error) {
        if (attempt >= 3) {
          // The lease brings the row back later; it may then be handled again.
          log.error({ msg: `could not mark inbox row ${what}`, inboxId: row.id, err: error });
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
      }
    }
  }

  async function handle(row: ClaimedUpdate): Promise<void> {
    const renew = setInterval(() => void claims.extendLease(row).catch(() => undefined), Math.max(1_000, leaseMs / 3));
    renew.unref();
    try {
      const handler = await deps.resolveHandler(row.botId);
      await withDeadline(handler(row.update));
      await settle(() => claims.complete(row), 'done', row);
      deps.metrics?.handled('done');
    } catch (error) {
      const message = redactText(error instanceof Error ? error.message : String(error)).slice(0, 500);
      if (stopping && !(error instanceof HandlerTimeout) && row.attempts < maxAttempts) {
        // Interrupted by shutdown: another run tries again without counting this attempt.
        await settle(() => claims.release(row), 'pending', row);
        return;
      }
      if (row.attempts >= maxAttempts) {
        await settle(() => claims.fail(row, message), 'failed', row);
        deps.metrics?.handled('failed');
        log.error({ msg: 'update failed for good', botId: row.botId, updateId: row.updateId, attempts: row.attempts, error: message });
      } else {
        const delay = retryDelays[Math.min(row.attempts - 1, retryDelays.length - 1)] ?? 1_000;
        await settle(() => claims.retryLater(row, message, delay), 'for retry', row);
        deps.metrics?.handled('retry');
        log.warn({ msg: 'update failed; will retry', botId: row.botId, updateId: row.updateId, attempt: row.attempts, error: message });
      }
    } finally {
      clearInterval(renew);
    }
  }

  function launch(row: ClaimedUpdate): void {
    const key = chatIdentity(row);
    busy.add(key);
    const task = handle(row)
      .catch((error: unknown) => log.error({ msg: 'inbox handling crashed', inboxId: row.id, err: error }))
      .finally(() => {
        busy.delete(key);
        running.delete(row.id);
        poke();
      });
    running.set(row.id, { row, task });
  }

  async function dispatch(): Promise<void> {
    while (!stopping) {
      const free = concurrency - running.size;
      let claimedAny = false;
      let failed = false;
      if (free > 0) {
        try {
          const { claimed, exhausted } = await claims.claim(free, busy);
          for (let i = 0; i < exhausted; i += 1) deps.metrics?.handled('failed');
          if (stopping) {
            for (const row of claimed) await claims.release(row).catch(() => undefined);
            break;
          }
          for (const row of claimed) launch(row);
          claimedAny = claimed.length > 0 || exhausted > 0;
        } catch (error) {
          failed = true;
          log.error({ msg: 'claiming inbox rows failed', err: error });
        }
      }
      // After a database error, wait a little longer (and log less) before trying again.
      if (!claimedAny || running.size >= concurrency) await idle(failed ? Math.max(pollMs, 1_000) : pollMs);
    }
  }

  return {
    async start() {
      if (loop) return;
      stopping = false;
      if (deps.recoverOnStart) {
        const recovered = await claims.recover();
        if (recovered) log.warn({ msg: 'inbox rows left in progress by a stopped process will be handled again', count: recovered });
      }
      loop = dispatch();
    },
    async stop() {
      stopping = true;
      wake?.();
      await loop;
      loop = null;
      const tasks = [...running.values()];
      if (tasks.length) {
        let graceTimer: NodeJS.Timeout | undefined;
        const grace = new Promise<void>((resolve) => {
          graceTimer = setTimeout(resolve, deps.stopGraceMs ?? 10_000);
        });
        await Promise.race([Promise.allSettled(tasks.map((t) => t.task)), grace]);
        clearTimeout(graceTimer);
        // Still running: give the rows back so the next run handles them at once.
        for (const { row } of running.values()) await claims.release(row).catch(() => undefined);
      }
    },
    poke,
    get inFlight() {
      return running.size;
    },
  };
}
