import NodeCache from 'node-cache';

/**
 * Per-process rate limits kept in node-cache (DESIGN.md §Caching): each web instance counts on
 * its own, so with N instances behind a balancer a caller can get up to N times the limit.
 *
 * The algorithm is GCRA, a token bucket stored as one number per key: a bucket holds `limit`
 * requests and refills continuously at `limit` per minute. So a caller may burst `limit`
 * requests at once, then gets one more every 60/limit seconds. No window boundaries: a refusal
 * says exactly when the next request will be accepted.
 */
export type RateDecision = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number };

export interface RateLimiter {
  /** Counts one request against `key`, unless it is over `limitPerMinute`. */
  hit(key: string, limitPerMinute: number): RateDecision;
}

export interface RateLimiterOptions {
  readonly now?: () => number;
  /** Bound on tracked keys (IPs and clients); when full, new keys are let through rather than refused. */
  readonly maxKeys?: number;
  readonly onFull?: () => void;
}

const WINDOW_MS = 60_000;

export function createRateLimiter(options: RateLimiterOptions = {}): RateLimiter {
  const now = options.now ?? Date.now;
  const cache = new NodeCache({ useClones: false, checkperiod: 60, maxKeys: options.maxKeys ?? 200_000 });
  return {
    hit(key, limitPerMinute) {
      const at = now();
      const interval = WINDOW_MS / Math.max(1, limitPerMinute);
      // Theoretical arrival time: when the bucket would be full again.
      const tat = Math.max(cache.get<number>(key) ?? at, at);
      const next = tat + interval;
      if (next - at > WINDOW_MS) {
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((next - at - WINDOW_MS) / 1000)) };
      }
      try {
        cache.set(key, next, Math.ceil((next - at) / 1000) + 1);
      } catch {
        // ECACHEFULL: too many distinct callers at once; fail open instead of refusing everyone new.
        options.onFull?.();
      }
      return { allowed: true };
    },
  };
}
