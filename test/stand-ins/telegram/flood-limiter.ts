export interface RateLimit {
  /** Sustained sends per second. */
  readonly perSecond: number;
  /** How many may go at once after a quiet period. */
  readonly burst: number;
}

export interface FloodLimits {
  /** Per bot and chat (Telegram: about 1 message per second in a chat, short bursts tolerated). */
  readonly perChat: RateLimit | false;
  /** Per bot across all chats (Telegram: about 30 messages per second). */
  readonly global: RateLimit | false;
}

/** Roughly what Telegram enforces; enable in tests that exercise throttling. */
export const TELEGRAM_FLOOD_LIMITS: FloodLimits = {
  perChat: { perSecond: 1, burst: 3 },
  global: { perSecond: 30, burst: 30 },
};

/** Generous enough that ordinary tests, the demo and the benchmark never hit it. */
export const DEFAULT_FLOOD_LIMITS: FloodLimits = {
  perChat: { perSecond: 50, burst: 100 },
  global: { perSecond: 10_000, burst: 10_000 },
};

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** Token buckets per (bot, chat) and per bot; refuses with the seconds to wait. */
export class FloodLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private limits: FloodLimits = DEFAULT_FLOOD_LIMITS) {}

  set(limits: FloodLimits): void {
    this.limits = limits;
    this.buckets.clear();
  }

  get current(): FloodLimits {
    return this.limits;
  }

  /** Takes `count` sends; returns undefined when allowed, else `retry_after` seconds (nothing taken). */
  take(botId: number, chatId: number, count = 1, now = Date.now()): number | undefined {
    const checks: Array<[string, RateLimit]> = [];
    if (this.limits.perChat) checks.push([`${botId}:${chatId}`, this.limits.perChat]);
    if (this.limits.global) checks.push([`${botId}:*`, this.limits.global]);
    let wait = 0;
    for (const [key, limit] of checks) {
      const bucket = this.refill(key, limit, now);
      const need = Math.min(count, limit.burst);
      if (bucket.tokens < need) wait = Math.max(wait, (need - bucket.tokens) / limit.perSecond);
    }
    if (wait > 0) return Math.max(1, Math.ceil(wait));
    for (const [key, limit] of checks) {
      const bucket = this.refill(key, limit, now);
      bucket.tokens -= Math.min(count, limit.burst);
    }
    return undefined;
  }

  private refill(key: string, limit: RateLimit, now: number): Bucket {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { tokens: limit.burst, updatedAt: now };
      this.buckets.set(key, bucket);
    }
    const elapsed = Math.max(0, now - bucket.updatedAt) / 1000;
    bucket.tokens = Math.min(limit.burst, bucket.tokens + elapsed * limit.perSecond);
    bucket.updatedAt = now;
    return bucket;
  }
}
