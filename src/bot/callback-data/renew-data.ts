export { RENEW_DATA_PATTERN, renewCallbackData } from '../../shared/domain/expiry/renew-callback.ts';

/**
 * Renew buttons: `rn:<uuid>` on the expiry notice (built by the notice job in src/shared) and
 * `my:rn:<page>:<uuid>` in the My ads detail view (which redraws that view). Both carry only the
 * ad id: ownership and the ad's state are checked on every press, so an old button is safe.
 */
export const myAdRenewData = (page: number, adId: string) => `my:rn:${page}:${adId}`;

export const MY_RENEW_PATTERN = /^my:rn:(\d{1,4}):([0-9a-f-]{36})$/;
