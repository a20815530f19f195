/**
 * Edit & Resubmit entry points (CONTRACT.md §5): the deep link `/start resubmit_<uuid>` and, for a
 * bot without a username, the inline callback `my:rs:<uuid>` that the bot's my-ads feature handles.
 */
export const RESUBMIT_START_PREFIX = 'resubmit_';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

export function resubmitDeepLink(botUsername: string, adId: string): string {
  return `https://t.me/${botUsername}?start=${RESUBMIT_START_PREFIX}${adId}`;
}

export function resubmitCallbackData(adId: string): string {
  return `my:rs:${adId}`;
}

/** The ad id of a `/start` payload `resubmit_<anything>`, or null when it is another payload. */
export function parseResubmitPayload(payload: string): string | null {
  const trimmed = payload.trim();
  return trimmed.startsWith(RESUBMIT_START_PREFIX) ? trimmed.slice(RESUBMIT_START_PREFIX.length) : null;
}
