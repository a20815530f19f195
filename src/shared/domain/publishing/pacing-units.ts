import type { DeliveryChannel } from '../ads/delivery-channels.ts';
import type { SettingsValues } from '../settings/setting-definitions.ts';

/**
 * Channels that are paced, as units: one slot publishes every member of the unit for one ad.
 * Instagram feed and story of an ad go together; the submitter's DM goes with the Telegram
 * channel post (so the user is told when the ad is live). The lead channel's rows carry the
 * queue (its Delivery.queueOrder and notBefore); the members copy them. The webhook is not paced.
 */
export const PACING_UNITS = {
  telegram_channel: { lead: 'telegram_channel', members: ['telegram_channel', 'telegram_dm'], setting: 'pacing.telegram_channel.perDay' },
  instagram: { lead: 'instagram_feed', members: ['instagram_feed', 'instagram_story'], setting: 'pacing.instagram.perDay' },
} as const satisfies Record<string, { lead: DeliveryChannel; members: readonly DeliveryChannel[]; setting: keyof SettingsValues }>;

export type PacingUnit = keyof typeof PACING_UNITS;
export const PACING_UNIT_NAMES = Object.keys(PACING_UNITS) as PacingUnit[];

export function isPacingUnit(value: string): value is PacingUnit {
  return Object.hasOwn(PACING_UNITS, value);
}

export function pacingUnitOf(channel: string): PacingUnit | null {
  for (const unit of PACING_UNIT_NAMES) {
    if ((PACING_UNITS[unit].members as readonly string[]).includes(channel)) return unit;
  }
  return null;
}

export function membersOf(unit: PacingUnit): readonly DeliveryChannel[] {
  return PACING_UNITS[unit].members;
}

export function leadOf(unit: PacingUnit): DeliveryChannel {
  return PACING_UNITS[unit].lead;
}

/** Publishes per rolling 24 hours for the unit; 0 means not paced. */
export function perDayOf(settings: SettingsValues, unit: PacingUnit): number {
  return settings[PACING_UNITS[unit].setting];
}
