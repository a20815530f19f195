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

export function createInboxGroupCommit(db: Db, recorder: InboxRecorder): InboxGroupCommit {
  /** Queued updates by bot, then by update_id (the recorder writes them 100 per statement). */
  let queued = new Map<number, Map<number, Waiting>>();
  let flushing = false;

  async function flush(): Promise<void> {
    while (queued.size > 0) {
      const batch = queued;
      queued = new Map();
      for (const [botId, updates] of batch) {
        const waiting = [...updates.values()];
        try {
          await recorder.record(db, botId, waiting.map((w) => w.update), 'webhook');
          for (const w of waiting) for (const s of w.settle) s.resolve();
        } catch (error) {
          for (const w of waiting) for (const s of w.settle) s.reject(error);
        }
      }
    }
    flushing = false;
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
