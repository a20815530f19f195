import type { Update } from 'grammy/types';
import type { Db } from '../../db/prisma-types.ts';
import type { InboxRecorder } from './inbox-recorder.ts';

/**
 * Group commit for webhook updates. Each request waits until its update is durable, but the
 * updates that arrive while one INSERT is running are written together by the next one: one
 * statement (and one SQLite commit) for many requests instead of one each. Under light load
 * an update is written alone on the next turn of the event loop, so nothing waits longer than
 * one INSERT; under heavy load the batches grow by themselves.
 *
 * The same (bot, update_id) twice in one batch (Telegram redelivering while the first is still
 * being written) is written once; both requests succeed. When an INSERT fails, every request
 * of its bot in that batch fails (and Telegram delivers again).
 */
export interface InboxGroupCommit {
  /** Resolves once the update is recorded (or was already), rejects if it could not be. */
  record(botId: number, update: Update): Promise<void>;
}

interface Waiting {
  readonly update: Update;
  readonly settle: Array<{ resolve: () => void; reject: (error: unknown) => void }>;
}

/** Updates per flush: above this, the rest wait for the next one (the recorder writes 100 per statement). */
const MAX_BATCH = 500;

export function createInboxGroupCommit(db: Db, recorder: InboxRecorder): InboxGroupCommit {
  /** Queued updates by bot, then by update_id (insertion order is kept). */
  let queued = new Map<number, Map<number, Waiting>>();
  let queuedCount = 0;
  let flushing = false;

  function takeBatch(): Map<number, Map<number, Waiting>> {
    if (queuedCount <= MAX_BATCH) {
      const all = queued;
      queued = new Map();
      queuedCount = 0;
      return all;
    }
    const batch = new Map<number, Map<number, Waiting>>();
    let taken = 0;
    for (const [botId, updates] of queued) {
      for (const [updateId, waiting] of updates) {
        if (taken === MAX_BATCH) break;
        let mine = batch.get(botId);
        if (!mine) batch.set(botId, (mine = new Map()));
        mine.set(updateId, waiting);
        updates.delete(updateId);
        taken += 1;
      }
      if (updates.size === 0) queued.delete(botId);
    }
    queuedCount -= taken;
    return batch;
  }

  async function flush(): Promise<void> {
    flushing = true;
    try {
      while (queuedCount > 0) {
        for (const [botId, updates] of takeBatch()) {
          const waiting = [...updates.values()];
          try {
            await recorder.record(db, botId, waiting.map((w) => w.update), 'webhook');
            for (const w of waiting) for (const s of w.settle) s.resolve();
          } catch (error) {
            for (const w of waiting) for (const s of w.settle) s.reject(error);
          }
        }
      }
    } finally {
      flushing = false;
    }
  }

  return {
    record(botId, update) {
      return new Promise<void>((resolve, reject) => {
        let updates = queued.get(botId);
        if (!updates) queued.set(botId, (updates = new Map()));
        const same = updates.get(update.update_id);
        if (same) {
          same.settle.push({ resolve, reject });
          return;
        }
        updates.set(update.update_id, { update, settle: [{ resolve, reject }] });
        queuedCount += 1;
        // The first update waits one turn of the event loop for the others that arrived with it;
        // later ones join the queue that the running flush empties next.
        if (!flushing) {
          flushing = true;
          setImmediate(() => void flush());
        }
      });
    },
  };
}
