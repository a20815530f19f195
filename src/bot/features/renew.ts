import { Composer } from 'grammy';
import { isAdStatus, trackingCodeOf } from '../../shared/domain/ads/ad-status.ts';
import { formatUserDate } from '../../shared/domain/expiry/expiry-dates.ts';
import { renewAd, type RenewOutcome } from '../../shared/domain/expiry/renew-ad.ts';
import { toLanguage } from '../../shared/domain/notifications/languages.ts';
import { findOwnAd } from '../../shared/domain/telegram-users/own-ads.ts';
import type { PrivateContext } from '../context.ts';
import { MY_RENEW_PATTERN, RENEW_DATA_PATTERN } from '../callback-data/renew-data.ts';
import { answerButton, editOrSend } from './replies.ts';
import { showDetail } from './my-ads.ts';

type Known = Exclude<RenewOutcome, { kind: 'not_found' }>;

/** What the user is told after pressing Renew, in their language. */
function outcomeText(ctx: PrivateContext, outcome: Known): string {
  const { ad } = outcome;
  const code = trackingCodeOf(ad.id);
  const date = ad.expiresAt ? formatUserDate(toLanguage(ctx.tgUser.language), ad.expiresAt) : '—';
  switch (outcome.kind) {
    case 'renewed':
      return ctx.tHtml(outcome.revived ? 'renew-revived' : 'renew-done', { code, date });
    case 'already_renewed':
      return ctx.tHtml('renew-already', { code, date });
    case 'grace_over':
      return ctx.tHtml('renew-grace-over', { code, date });
    case 'limit_reached':
      return ctx.tHtml('renew-limit', { code, max: outcome.max });
    case 'not_renewable':
      return ctx.tHtml('renew-not-allowed', { code, status: isAdStatus(ad.status) ? ctx.t(`status-${ad.status}`) : ad.status });
  }
}

function renew(ctx: PrivateContext, adId: string): Promise<RenewOutcome> {
  const { database, settings } = ctx.services.runtime;
  return renewAd({ db: database.db, settings }, { adId, telegramUserId: ctx.tgUser.id });
}

async function refuseUnknown(ctx: PrivateContext): Promise<void> {
  await answerButton(ctx, ctx.t('ad-not-found').replace(/^⚠️\s*/, ''), { alert: true });
}

/** Renew on the expiry notice: the notice is replaced by the outcome (so its button is gone). */
async function onNoticeRenew(ctx: PrivateContext, adId: string): Promise<void> {
  const outcome = await renew(ctx, adId);
  if (outcome.kind === 'not_found') return refuseUnknown(ctx);
  await answerButton(ctx, outcome.kind === 'renewed' ? ctx.t('renew-toast-done') : undefined);
  await editOrSend(ctx, outcomeText(ctx, outcome));
}

/** Renew in the My ads detail view: the view is redrawn with the outcome on top. */
async function onDetailRenew(ctx: PrivateContext, page: number, adId: string): Promise<void> {
  const outcome = await renew(ctx, adId);
  if (outcome.kind === 'not_found') return refuseUnknown(ctx);
  await answerButton(ctx, outcome.kind === 'renewed' ? ctx.t('renew-toast-done') : undefined);
  const fresh = await findOwnAd(ctx.services.runtime.database.db, ctx.tgUser.id, adId);
  if (!fresh) return refuseUnknown(ctx);
  await showDetail(ctx, fresh, page, outcomeText(ctx, outcome));
}

/**
 * Renewal of approved and recently expired ads: the Renew button of the "expires tomorrow"
 * notice (`rn:<uuid>`) and of the My ads detail view (`my:rn:<page>:<uuid>`). Only the owner;
 * a stranger's or forged press gets "not found" and changes nothing; an old button answers from
 * the ad's current state (renew-ad.ts decides).
 */
export function renewFeature(): Composer<PrivateContext> {
  const feature = new Composer<PrivateContext>();
  feature.callbackQuery(RENEW_DATA_PATTERN, (ctx) => onNoticeRenew(ctx, ctx.match[1] ?? ''));
  feature.callbackQuery(MY_RENEW_PATTERN, (ctx) => onDetailRenew(ctx, Number(ctx.match[1]), ctx.match[2] ?? ''));
  return feature;
}
