import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types';
import { RESUBMITTABLE_STATUSES, PENDING_STATUSES, type AdStatus } from '../../shared/domain/ads/ad-status.ts';
import { menuData } from '../callback-data/menu-data.ts';
import { myAdsData } from '../callback-data/my-ads-data.ts';
import { myAdRenewData } from '../callback-data/renew-data.ts';
import type { Labels } from './labels.ts';

export interface ListedAd {
  readonly id: string;
  readonly label: string;
}

/** One button per ad on the page, then Newer / Older, then the main menu. */
export function myAdsListKeyboard(t: Labels, ads: readonly ListedAd[], page: number, pages: number): InlineKeyboardMarkup {
  const rows: InlineKeyboardButton[][] = ads.map((ad) => [{ text: ad.label, callback_data: myAdsData.view(page, ad.id) }]);
  const nav: InlineKeyboardButton[] = [];
  if (page > 0) nav.push({ text: t('btn-prev'), callback_data: myAdsData.list(page - 1) });
  if (page < pages - 1) nav.push({ text: t('btn-next'), callback_data: myAdsData.list(page + 1) });
  if (nav.length) rows.push(nav);
  rows.push([{ text: t('btn-menu'), callback_data: menuData('home') }]);
  return { inline_keyboard: rows };
}

export function myAdDetailKeyboard(t: Labels, adId: string, status: string, page: number, options: { renewable?: boolean } = {}): InlineKeyboardMarkup {
  const rows: InlineKeyboardButton[][] = [];
  if (options.renewable) rows.push([{ text: t('btn-renew'), callback_data: myAdRenewData(page, adId) }]);
  if ((PENDING_STATUSES as readonly string[]).includes(status)) rows.push([{ text: t('btn-withdraw'), callback_data: myAdsData.withdrawAsk(page, adId) }]);
  if ((RESUBMITTABLE_STATUSES as readonly string[]).includes(status as AdStatus)) rows.push([{ text: t('btn-resubmit'), callback_data: myAdsData.resubmit(adId) }]);
  rows.push([{ text: t('btn-back-to-list'), callback_data: myAdsData.list(page) }]);
  return { inline_keyboard: rows };
}

export function withdrawConfirmKeyboard(t: Labels, adId: string, page: number): InlineKeyboardMarkup {
  return {
    inline_keyboard: [
      [{ text: t('btn-withdraw-yes'), callback_data: myAdsData.withdraw(page, adId) }],
      [{ text: t('btn-withdraw-no'), callback_data: myAdsData.view(page, adId) }],
    ],
  };
}
