/**
 * Per-user flood limit on incoming updates: more than `limit` updates within `windowMs` from one
 * user (of one bot) and the rest are recorded as handled with lastError `flood`, without reaching
 * the bot. Counted in memory by the process that records updates (the web process for webhooks,
 * the bot process for polling), so with several web instances the limit applies per instance.
 */
export interface FloodLimits {
  readonly limit: number;
  readonly windowMs: number;
}

export const DEFAULT_FLOOD_LIMITS: FloodLimits = { limit: 20, windowMs: 10_000 };

export interface UpdateFloodLimiter {
  /** Counts one update of this user; false when it is over the limit. */
  take(key: string): boolean;
  /** Gives back a count (the update turned out to be a duplicate). */
  refund(key: string): void;
}

export function createUpdateFloodLimiter(limits: FloodLimits = DEFAULT_FLOOD_LIMITS, now: () => number = Date.now): UpdateFloodLimiter {
  const hits = new Map<string, number[]>();
  let lastSweep = now();

  function sweep(at: number): void {
    if (at - lastSweep < limits.windowMs) return;
    lastSweep = at;
    for (const [key, times] of hits) if ((times.at(-1) ?? 0) <= at - limits.windowMs) hits.delete(key);
  }

  return {
    take(key) {
      const at = now();
      sweep(at);
      const times = (hits.get(key) ?? []).filter((t) => t > at - limits.windowMs);
      if (times.length >= limits.limit) {
        hits.set(key, times);
        return false;
      }
      times.push(at);
      hits.set(key, times);
      return true;
    },
    refund(key) {
      const times = hits.get(key);
      times?.pop();
    },
  };
}
