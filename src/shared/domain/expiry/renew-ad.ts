import type { Ad, Db } from '../../db/prisma-types.ts';
import type { SettingsService } from '../settings/settings-service.ts';
import { DAY_MS } from './expiry-dates.ts';

export interface RenewDeps {
  readonly db: Db;
  readonly settings: Pick<SettingsService, 'getAll'>;
  readonly now?: () => Date;
}

export interface RenewRequest {
  readonly adId: string;
  /** The TelegramUser pressing Renew: only the ad's own submitter may renew it. */
  readonly telegramUserId: number;
}

export type RenewOutcome =
  /** `revived`: the ad was expired and is listed again. */
  | { readonly kind: 'renewed'; readonly ad: Ad; readonly revived: boolean }
  /** Renewing now would add (almost) nothing: it was just renewed (a double press, an old button). */
  | { readonly kind: 'already_renewed'; readonly ad: Ad }
  | { readonly kind: 'not_found' }
  /** Not approved or expired (pending, rejected, withdrawn, ...). */
  | { readonly kind: 'not_renewable'; readonly ad: Ad }
  /** Expired longer ago than `ads.renewGraceDays`. */
  | { readonly kind: 'grace_over'; readonly ad: Ad }
  /** `ads.maxRenewals` renewals were used. */
  | { readonly kind: 'limit_reached'; readonly ad: Ad; readonly max: number };

/** Where a renewal at `now` would put the expiry: a full lifetime from now, never earlier than it is. */
export function renewedExpiry(now: Date, current: Date | null, lifetimeDays: number): Date {
  const fromNow = now.getTime() + lifetimeDays * DAY_MS;
  return new Date(Math.max(fromNow, current?.getTime() ?? 0));
}

/**
 * The submitter renews an approved ad (any time before it expires) or an expired one (within
 * `ads.renewGraceDays` after its expiry): expiresAt becomes now + `ads.lifetimeDays` (a full
 * lifetime from the moment of renewal, never shorter than before), renewedAt is set,
 * renewCount grows by one and expiryNoticeAt is cleared so the next lifetime gets its notice.
 * An expired ad goes back to `approved` and so back into the partner API; nothing is published
 * again (its channel post and Instagram media were never taken down).
 *
 * Race-safe: the change is a conditional update on the status and expiry that were read, so a
 * double press, two devices or the expiry sweep at the same moment leave exactly one change; the
 * loser re-reads and answers from the new state (usually `already_renewed`).
 */
export async function renewAd(deps: RenewDeps, request: RenewRequest): Promise<RenewOutcome> {
  const settings = await deps.settings.getAll();
  const lifetimeDays = settings['ads.lifetimeDays'];
  const graceMs = settings['ads.renewGraceDays'] * DAY_MS;
  const maxRenewals = settings['ads.maxRenewals'];
  // A renewal must gain at least this much, else it counts as already done.
  const minGainMs = Math.min(DAY_MS, (lifetimeDays * DAY_MS) / 4);

  for (let attempt = 0; attempt < 3; attempt++) {
    const now = deps.now?.() ?? new Date();
    const outcome = await deps.db.$transaction(async (tx) => {
      const ad = await tx.ad.findFirst({ where: { id: request.adId, telegramUserId: request.telegramUserId } });
      if (!ad) return { kind: 'not_found' as const };
      if ((ad.status !== 'approved' && ad.status !== 'expired') || !ad.expiresAt || ad.shadowed) return { kind: 'not_renewable' as const, ad };
      const lapsed = ad.expiresAt.getTime() <= now.getTime();
      if (lapsed && now.getTime() > ad.expiresAt.getTime() + graceMs) return { kind: 'grace_over' as const, ad };
      const expiresAt = renewedExpiry(now, ad.expiresAt, lifetimeDays);
      if (ad.status === 'approved' && expiresAt.getTime() - ad.expiresAt.getTime() < minGainMs) return { kind: 'already_renewed' as const, ad };
      if (maxRenewals > 0 && ad.renewCount >= maxRenewals) return { kind: 'limit_reached' as const, ad, max: maxRenewals };
      const { count } = await tx.ad.updateMany({
        where: { id: ad.id, status: ad.status, expiresAt: ad.expiresAt },
        data: { status: 'approved', expiresAt, renewedAt: now, renewCount: { increment: 1 }, expiryNoticeAt: null },
      });
      if (count !== 1) return null; // changed under us: read again
      await tx.adEvent.create({
        data: {
          adId: ad.id,
          type: 'renewed',
          fromStatus: ad.status,
          toStatus: 'approved',
          actorType: 'telegram',
          actorId: String(request.telegramUserId),
          note: `until ${expiresAt.toISOString()}`,
        },
      });
      const renewed: Ad = { ...ad, status: 'approved', expiresAt, renewedAt: now, renewCount: ad.renewCount + 1, expiryNoticeAt: null };
      return { kind: 'renewed' as const, ad: renewed, revived: ad.status === 'expired' };
    });
    if (outcome) return outcome;
  }
  throw new Error(`renewAd: the ad ${request.adId} kept changing; try again`);
}
