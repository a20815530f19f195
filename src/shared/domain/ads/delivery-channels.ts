/** Delivery channels and statuses: CONTRACT.md §4. */
export const DELIVERY_CHANNELS = ['telegram_dm', 'telegram_channel', 'instagram_feed', 'instagram_story', 'webhook'] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];

export const DELIVERY_STATUSES = ['pending', 'in_progress', 'success', 'failed', 'skipped', 'uncertain'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const DELIVER_JOB = 'deliver';

export function isDeliveryChannel(value: string): value is DeliveryChannel {
  return (DELIVERY_CHANNELS as readonly string[]).includes(value);
}
