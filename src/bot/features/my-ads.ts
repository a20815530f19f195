import { Composer } from 'grammy';
import { isAdStatus, PENDING_STATUSES } from '../../shared/domain/ads/ad-status.ts';
import { truncate } from '../../shared/domain/notifications/html.ts';
import { toLanguage } from '../../shared/domain/notifications/languages.ts';
import { findOwnAd, listOwnAds, withdrawOwnAd, type OwnAd } from '../../shared/domain/telegram-users/own-ads.ts';
import type { PrivateContext } from '../context.ts';
import { MY_AD_PATTERN, MY_LIST_PATTERN, MY_RESUBMIT_PATTERN } from '../callback-data/my-ads-data.ts';
import { mainMenuKeyboard } from '../keyboards/menu-keyboards.ts';
import { myAdDetailKeyboard, myAdsListKeyboard, withdrawConfirmKeyboard } from '../keyboards/my-ads-keyboards.ts';
import { answerButton, editOrSend, sendHtml } from './replies.ts';
import { startResubmit } from './resubmit.ts';
import { expiryDetails } from './renew-details.ts';

const PAGE_SIZE = 5;

function statusLabel(ctx: PrivateContext, status: string): string {
  return isAdStatus(status) ? ctx.t(`status-${status}`) : status;
}

function oneLine(text: string, max: number): string {
  return truncate(text.replace(/\s+/g, ' ').trim(), max);
}

/** The user's ads, newest first, PAGE_SIZE per page, each with its status in their language. */
export async function showMyAds(ctx: PrivateContext, page: number, mode: 'send' | 'edit'): Promise<void> {
  const result = await listOwnAds(ctx.services.runtime.database.db, ctx.tgUser.id, page, PAGE_SIZE);
  if (result.total === 0) {
    await (mode === 'edit' ? editOrSend(ctx, ctx.tHtml('myads-empty'), mainMenuKeyboard(ctx.t)) : sendHtml(ctx, ctx.tHtml('myads-empty'), mainMenuKeyboard(ctx.t)));
    return;
  }
  const first = result.page * PAGE_SIZE;
  const lines = result.items.map((ad, i) =>
    ctx.tHtml('myads-line', { index: first + i + 1, code: ad.code, status: statusLabel(ctx, ad.status), preview: oneLine(ad.content, 60) }),
  );
  const text = [ctx.tHtml('myads-title', { page: result.page + 1, pages: result.pages }), ...lines].join('\n\n');
  const buttons = result.items.map((ad, i) => ({ id: ad.id, label: `${first + i + 1}. ${ad.code} · ${oneLine(ad.content, 24)}` }));
  const keyboard = myAdsListKeyboard(ctx.t, buttons, result.page, result.pages);
  await (mode === 'edit' ? editOrSend(ctx, text, keyboard) : sendHtml(ctx, text, keyboard));
}

function detailText(ctx: PrivateContext, ad: OwnAd): string {
  const language = toLanguage(ctx.tgUser.language);
  const category = ad.category ? (language === 'fa' ? ad.category.nameFa : ad.category.nameEn) : ctx.t('no-category');
  const date = new Intl.DateTimeFormat(language === 'fa' ? 'fa-IR' : 'en-GB', { dateStyle: 'medium' }).format(ad.createdAt);
  const parts = [
    ctx.tHtml('myads-detail', {
      code: ad.code,
      status: statusLabel(ctx, ad.status),
      category,
      date,
      photo: ctx.t(ad._count.photos > 0 ? 'preview-photo-yes' : 'preview-photo-no'),
      content: truncate(ad.content, 3000),
    }),
  ];
  if (ad.status === 'rejected' && ad.rejectionReason) parts.push(ctx.tHtml('myads-reason', { reason: ad.rejectionReason }));
  if (ad.status === 'needs_revision' && ad.revisionNote) parts.push(ctx.tHtml('myads-note', { note: ad.revisionNote }));
  return parts.join('\n\n');
}

/** The detail view of one ad (with its expiry and a Renew button when it can be renewed). */
export async function showDetail(ctx: PrivateContext, ad: OwnAd, page: number, lead?: string): Promise<void> {
  const expiry = await expiryDetails(ctx, ad);
  const text = [lead, detailText(ctx, ad), expiry.line].filter((part): part is string => Boolean(part)).join('\n\n');
  await editOrSend(ctx, text, myAdDetailKeyboard(ctx.t, ad.id, ad.status, page, { renewable: expiry.renewable }));
}

async function onAdButton(ctx: PrivateContext, action: string, page: number, adId: string): Promise<void> {
  const { db } = ctx.services.runtime.database;
  const ad = await findOwnAd(db, ctx.tgUser.id, adId);
  if (!ad) {
    await answerButton(ctx, ctx.t('ad-not-found').replace(/^⚠️\s*/, ''), { alert: true });
    return;
  }
  await answerButton(ctx);
  const pending = (PENDING_STATUSES as readonly string[]).includes(ad.status);
  if (action === 'v') return showDetail(ctx, ad, page);
  if (!pending) return showDetail(ctx, ad, page, ctx.tHtml('withdraw-too-late', { code: ad.code, status: statusLabel(ctx, ad.status) }));
  if (action === 'w') return editOrSend(ctx, ctx.tHtml('withdraw-confirm', { code: ad.code }), withdrawConfirmKeyboard(ctx.t, ad.id, page));
  const outcome = await withdrawOwnAd({ db, jobs: ctx.services.runtime.jobs }, ctx.tgUser.id, adId);
  const fresh = (await findOwnAd(db, ctx.tgUser.id, adId)) ?? ad;
  const lead =
    outcome.kind === 'withdrawn'
      ? ctx.tHtml('withdrawn', { code: ad.code })
      : ctx.tHtml('withdraw-too-late', { code: ad.code, status: statusLabel(ctx, fresh.status) });
  await showDetail(ctx, fresh, page, lead);
}

/** /myads and the "My ads" screens: list, detail, withdraw, Edit & Resubmit. */
export function myAdsFeature(): Composer<PrivateContext> {
  const feature = new Composer<PrivateContext>();
  feature.command('myads', (ctx) => showMyAds(ctx, 0, 'send'));
  feature.callbackQuery(MY_LIST_PATTERN, async (ctx) => {
    await answerButton(ctx);
    await showMyAds(ctx, Number(ctx.match[1]), 'edit');
  });
  feature.callbackQuery(MY_AD_PATTERN, (ctx) => onAdButton(ctx, ctx.match[1] ?? 'v', Number(ctx.match[2]), ctx.match[3] ?? ''));
  feature.callbackQuery(MY_RESUBMIT_PATTERN, (ctx) => startResubmit(ctx, ctx.match[1] ?? ''));
  return feature;
}
