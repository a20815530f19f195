import { isUuid } from '../notifications/resubmit-link.ts';

/**
 * The Renew button of the expiry notice: `rn:<uuid>` (39 bytes, within Telegram's 64). Like the
 * other ad buttons it carries only the ad id; the bot checks ownership and the ad's current
 * state on every press (renew-ad.ts), so an old or forwarded button can do no harm.
 */
export const RENEW_DATA_PATTERN = /^rn:([0-9a-f-]{36})$/;

export function renewCallbackData(adId: string): string {
  if (!isUuid(adId)) throw new Error(`not an ad id: ${adId}`);
  return `rn:${adId}`;
}
