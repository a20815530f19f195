import type { Ad } from '../../shared/db/prisma-types.ts';
import { DAY_MS, formatUserDate } from '../../shared/domain/expiry/expiry-dates.ts';
import { toLanguage } from '../../shared/domain/notifications/languages.ts';
import type { PrivateContext } from '../context.ts';

export interface ExpiryDetails {
  /** The line the My ads detail view shows about expiry, when the ad has one. */
  readonly line: string | null;
  /** Whether to offer the Renew button (approved, or expired within the grace period). */
  readonly renewable: boolean;
}

/** How an approved or expired ad's expiry reads in the user's language, and whether it can be renewed. */
export async function expiryDetails(ctx: PrivateContext, ad: Pick<Ad, 'status' | 'expiresAt'>, now: Date = new Date()): Promise<ExpiryDetails> {
  if (!ad.expiresAt || (ad.status !== 'approved' && ad.status !== 'expired')) return { line: null, renewable: false };
  const language = toLanguage(ctx.tgUser.language);
  const date = formatUserDate(language, ad.expiresAt);
  if (ad.status === 'approved') return { line: ctx.tHtml('myads-expires', { date }), renewable: true };
  const graceDays = await ctx.services.runtime.settings.get('ads.renewGraceDays');
  const until = new Date(ad.expiresAt.getTime() + graceDays * DAY_MS);
  if (now.getTime() > until.getTime()) return { line: ctx.tHtml('myads-expired-final', { date }), renewable: false };
  return { line: ctx.tHtml('myads-expired-renewable', { date, until: formatUserDate(language, until) }), renewable: true };
}
