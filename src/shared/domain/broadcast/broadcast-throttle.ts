/**
 * Paces one bot's broadcast sends: evenly spaced, at most `perSecond` per second, so a broadcast
 * stays under Telegram's ~30 messages/s per bot (the per-chat limit of 1/s is trivially met: one
 * message per chat). Shared by every broadcast of the same bot in this process. A 429 pushes the
 * next slot back by its retry_after for everyone.
 */
export const BROADCAST_MESSAGES_PER_SECOND = 25;

export interface BroadcastPacer {
  /** Waits for the next free slot (resolves early, without a slot, when `signal` aborts). */
  take(signal?: AbortSignal): Promise<void>;
  /** Nothing is sent before `ms` from now (Telegram asked us to wait). */
  holdFor(ms: number): void;
}

export interface PacerDeps {
  readonly perSecond: number;
  readonly now?: () => number;
}

export function createBroadcastPacer(deps: PacerDeps): BroadcastPacer {
  if (!(deps.perSecond > 0)) throw new Error('broadcast rate must be positive');
  const now = deps.now ?? Date.now;
  const spacing = 1000 / deps.perSecond;
  let next = 0;
  return {
    async take(signal) {
      const t = now();
      const at = Math.max(t, next);
      next = at + spacing;
      if (at > t) await sleep(at - t, signal);
    },
    holdFor(ms) {
      next = Math.max(next, now() + ms);
    },
  };
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) {
      resolve();
      return;
    }
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
