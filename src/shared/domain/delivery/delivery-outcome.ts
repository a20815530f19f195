import type { DeliveryPatch } from './delivery-row.ts';

/**
 * How one run of a channel ended. The job applies it to the row (delivery-job.ts):
 * - `success` / `failed` / `uncertain` / `skipped`: final states;
 * - `retry`: nothing happened (proven), try again after a backoff — counts against the job's
 *   attempts, and becomes `failed` when they are used up;
 * - `wait`: not a failure (container still processing, publishing quota used up): the row goes
 *   back to `pending` and a fresh job is scheduled, so waiting never uses up attempts.
 */
export type PublishOutcome =
  | { readonly kind: 'success'; readonly externalId: string | null; readonly patch?: DeliveryPatch }
  | { readonly kind: 'failed'; readonly error: string; readonly patch?: DeliveryPatch }
  | { readonly kind: 'uncertain'; readonly error: string; readonly patch?: DeliveryPatch }
  | { readonly kind: 'skipped'; readonly reason: string }
  | { readonly kind: 'retry'; readonly error: string; readonly delayMs?: number; readonly patch?: DeliveryPatch }
  | { readonly kind: 'wait'; readonly reason: string; readonly delayMs: number; readonly patch?: DeliveryPatch };

/** The same outcome with more to record on the row (a `skipped` outcome records nothing else). */
export function withPatch(outcome: PublishOutcome, patch: DeliveryPatch): PublishOutcome {
  if (outcome.kind === 'skipped') return outcome;
  return { ...outcome, patch: { ...outcome.patch, ...patch, state: { ...outcome.patch?.state, ...patch.state } } };
}
