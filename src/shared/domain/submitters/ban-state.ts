/** The two kinds of ban (TelegramUser.banKind). */
export const BAN_KINDS = ['ban', 'shadow'] as const;
export type BanKind = (typeof BAN_KINDS)[number];

export function isBanKind(value: unknown): value is BanKind {
  return typeof value === 'string' && (BAN_KINDS as readonly string[]).includes(value);
}

export interface ActiveBan {
  readonly kind: BanKind;
  readonly reason: string | null;
  /** Null: until lifted. */
  readonly until: Date | null;
}

/** The ban fields of a TelegramUser row. */
export interface BanFields {
  readonly banKind: string | null;
  readonly banReason: string | null;
  readonly bannedUntil: Date | null;
}

/**
 * The ban that applies at `now`, or null. A ban whose bannedUntil has passed stops applying by
 * itself (no job clears it; the row keeps it as history until the next ban or lift).
 */
export function activeBan(user: BanFields, now: Date = new Date()): ActiveBan | null {
  if (!isBanKind(user.banKind)) return null;
  if (user.bannedUntil && user.bannedUntil.getTime() <= now.getTime()) return null;
  return { kind: user.banKind, reason: user.banReason, until: user.bannedUntil };
}

/** Ban durations offered in the panel and the moderators' chat (days; null = until lifted). */
export const BAN_DURATIONS = ['1d', '7d', '30d', 'permanent'] as const;
export type BanDuration = (typeof BAN_DURATIONS)[number];

const DURATION_DAYS: Record<BanDuration, number | null> = { '1d': 1, '7d': 7, '30d': 30, permanent: null };

export function isBanDuration(value: unknown): value is BanDuration {
  return typeof value === 'string' && (BAN_DURATIONS as readonly string[]).includes(value);
}

/** When a ban of `duration` given at `now` ends (null = until lifted). */
export function banUntil(duration: BanDuration, now: Date = new Date()): Date | null {
  const days = DURATION_DAYS[duration];
  return days === null ? null : new Date(now.getTime() + days * 86_400_000);
}
