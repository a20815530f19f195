import { resubmitCallbackData } from '../../shared/domain/notifications/resubmit-link.ts';

/**
 * "My ads" buttons: `my:l:<page>` list, `my:v:<page>:<uuid>` detail, `my:w:<page>:<uuid>` ask to
 * withdraw, `my:wy:<page>:<uuid>` withdraw, `my:rs:<uuid>` Edit & Resubmit (also the fallback
 * button of decision DMs). They act on an ad by id after an ownership and status check, so an
 * old button is as safe as a new one.
 */
export const myAdsData = {
  list: (page: number) => `my:l:${page}`,
  view: (page: number, adId: string) => `my:v:${page}:${adId}`,
  withdrawAsk: (page: number, adId: string) => `my:w:${page}:${adId}`,
  withdraw: (page: number, adId: string) => `my:wy:${page}:${adId}`,
  resubmit: (adId: string) => resubmitCallbackData(adId),
};

export const MY_LIST_PATTERN = /^my:l:(\d{1,4})$/;
export const MY_AD_PATTERN = /^my:(v|w|wy):(\d{1,4}):([0-9a-f-]{36})$/;
export const MY_RESUBMIT_PATTERN = /^my:rs:([0-9a-f-]{36})$/;
