/** Ad statuses: CONTRACT.md §4, plus `withdrawn` (taken back by the submitter or taken down by staff). */
export const AD_STATUSES = [
  'pending_ai',
  'pending_manual',
  'approved',
  'rejected',
  'needs_revision',
  'resubmitted',
  'expired',
  'withdrawn',
] as const;

export type AdStatus = (typeof AD_STATUSES)[number];

/** The only states staff may decide from. */
export const PENDING_STATUSES: readonly AdStatus[] = ['pending_ai', 'pending_manual'];

/** States from which the owner may Edit & Resubmit. */
export const RESUBMITTABLE_STATUSES: readonly AdStatus[] = ['rejected', 'needs_revision'];

export type AdSource = 'bot' | 'partner';

export function isAdStatus(value: string): value is AdStatus {
  return (AD_STATUSES as readonly string[]).includes(value);
}

/** The tracking code users see: the first 8 characters of the uuid (CONTRACT.md §5). */
export function trackingCodeOf(uuid: string): string {
  return uuid.slice(0, 8);
}
