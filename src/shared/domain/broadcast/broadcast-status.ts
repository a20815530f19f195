/**
 * A broadcast's life: `draft` (composed, previewed, nothing sent) → `running` ⇄ `paused` →
 * `completed`, or `cancelled` from any state before completion. Recipient rows are written at
 * Start. Recipient statuses are documented on BroadcastRecipient in prisma/schema.prisma.
 */
export type BroadcastStatus = 'draft' | 'running' | 'paused' | 'completed' | 'cancelled';
export type RecipientStatus = 'pending' | 'sending' | 'sent' | 'blocked' | 'failed' | 'skipped' | 'uncertain';

export const RECIPIENT_STATUSES: readonly RecipientStatus[] = ['pending', 'sending', 'sent', 'blocked', 'failed', 'skipped', 'uncertain'];

/** The job that sends a broadcast in slices (payload `{ broadcastId }`). */
export const BROADCAST_JOB = 'broadcast';

/** The lease that lets exactly one job at a time send a given broadcast. */
export function broadcastLeaseName(broadcastId: number): string {
  return `broadcast:${broadcastId}`;
}

/** Telegram's limits for one message: 4096 characters of text, 1024 of photo caption. */
export const MAX_TEXT_LENGTH = 4096;
export const MAX_CAPTION_LENGTH = 1024;

/** What a recipient cut off mid-call says (the Bot API cannot tell whether it arrived). */
export const INTERRUPTED_RECIPIENT =
  'interrupted while the message may have reached Telegram; not sent again (no way to know whether it arrived)';
