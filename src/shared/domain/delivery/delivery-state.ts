/**
 * What a Delivery row remembers between attempts, in `stateJson` (the columns `externalId`,
 * `containerId`, `attemptStartedAt` hold the ids the panel shows). Every write bumps `rev`, so
 * the stored text doubles as a compare-and-set token (see delivery-row.ts).
 */
export interface TelegramPostState {
  readonly chatId: string;
  /** The post's message (an album's first message, the one with the caption). */
  readonly messageId: number;
  /** Every message of an album post, in order (absent for a single message). */
  readonly messageIds?: readonly number[];
  readonly botId: number;
  /** Which picture the channel post used. */
  readonly photo?: 'user' | 'generated' | 'none' | 'album';
}

export type InstagramPhase = 'creating' | 'polling' | 'publishing';

export interface InstagramState {
  readonly phase?: InstagramPhase;
  readonly containerId?: string;
  /** Status checks of the current container so far. */
  readonly polls?: number;
  /** When the current container was created (ISO), for the processing time limit. */
  readonly containerCreatedAt?: string;
  /** Times publishing waited for the 24-hour quota. */
  readonly quotaWaits?: number;
  readonly imageUrl?: string;
  /** A carousel: the child (is_carousel_item) containers created so far, by photo position. */
  readonly children?: ReadonlyArray<{ readonly position: number; readonly containerId: string; readonly imageUrl: string }>;
  /** Status checks of the carousel's children so far (before the carousel container exists). */
  readonly childPolls?: number;
  readonly mediaId?: string;
  readonly publishedAt?: string;
  /** Published, but the interrupted call's media id could not be read back. */
  readonly mediaIdUnknown?: boolean;
  /** The last container that ended in ERROR/EXPIRED or never finished (dropped; a retry creates a new one). */
  readonly failedContainerId?: string;
}

export interface WebhookState {
  readonly deliveryId: string;
  /** The exact body sent (built once): a re-send is byte-identical. */
  readonly body: string;
  readonly lastStatus?: number;
  readonly sends?: number;
}

export type WithdrawalStatus = 'pending' | 'removed' | 'edited' | 'not_supported' | 'nothing_to_remove' | 'check_manually' | 'failed';

export interface WithdrawalState {
  readonly status: WithdrawalStatus;
  readonly detail?: string;
  /** When the ad was withdrawn (ISO). */
  readonly at?: string;
  /** The partner notification's exact body (webhook channel), for byte-identical re-sends. */
  readonly body?: string;
  readonly finishedAt?: string;
}

export interface DeliveryState {
  readonly rev?: number;
  /** The job working on the row while it is `in_progress`. */
  readonly owner?: number;
  /** The last hand-over was a wait (quota, container not ready), not a failed attempt. */
  readonly waiting?: string;
  /** The job a wait handed the row to; other jobs leave the row to it while it is queued. */
  readonly next?: number;
  /** The user's photo could not be sent by file_id; use the generated image. */
  readonly userPhotoRejected?: boolean;
  readonly telegram?: TelegramPostState;
  readonly instagram?: InstagramState;
  readonly webhook?: WebhookState;
  readonly withdrawal?: WithdrawalState;
}

export function parseDeliveryState(text: string | null | undefined): DeliveryState {
  if (!text) return {};
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as DeliveryState) : {};
  } catch {
    return {};
  }
}

/** The next stored text: the patch applied, `undefined` values removed, `rev` incremented. */
export function nextStateJson(current: DeliveryState, patch: Partial<Record<keyof DeliveryState, unknown>>): string {
  const merged: Record<string, unknown> = { ...current, ...patch, rev: (current.rev ?? 0) + 1 };
  for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key];
  return JSON.stringify(merged);
}
