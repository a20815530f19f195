import NodeCache from 'node-cache';

/**
 * Login throttling (CONTRACT.md §3): after 5 failed logins within 15 minutes for one
 * account + IP, further attempts are refused with 429 until the window (which starts at the
 * first failure) ends. Per process, in memory (node-cache): several web processes each count
 * on their own, which multiplies the allowance by the number of processes at most.
 */
export interface LoginThrottle {
  /** Null when allowed; otherwise seconds until the next attempt may be made. */
  retryAfter(key: string): number | null;
  recordFailure(key: string): void;
  reset(key: string): void;
}

export function loginThrottleKey(email: string, ip: string | undefined): string {
  return `${email.trim().toLowerCase()}|${ip ?? '?'}`;
}

export function createLoginThrottle(options: { maxFailures?: number; windowSeconds?: number; now?: () => number } = {}): LoginThrottle {
  const maxFailures = options.maxFailures ?? 5;
  const windowMs = (options.windowSeconds ?? 900) * 1000;
  const now = options.now ?? Date.now;
  // Unbounded on purpose: every failure costs an argon2 verify, which caps how fast keys can grow,
  // and a cap would let a flood of distinct keys switch counting off.
  const cache = new NodeCache({ checkperiod: 60, useClones: false });

  const current = (key: string) => {
    const entry = cache.get<{ failures: number; resetAt: number }>(key);
    if (!entry || entry.resetAt <= now()) return null;
    return entry;
  };

  return {
    retryAfter(key) {
      const entry = current(key);
      if (!entry || entry.failures < maxFailures) return null;
      return Math.max(1, Math.ceil((entry.resetAt - now()) / 1000));
    },
    recordFailure(key) {
      const entry = current(key);
      const next = entry ? { failures: entry.failures + 1, resetAt: entry.resetAt } : { failures: 1, resetAt: now() + windowMs };
      cache.set(key, next, Math.max(1, Math.ceil((next.resetAt - now()) / 1000)));
    },
    reset(key) {
      cache.del(key);
    },
  };
}
