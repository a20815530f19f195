import type { Db, DbTx, Delivery } from '../../db/prisma-types.ts';
import type { DeliveryStatus } from '../ads/delivery-channels.ts';
import { nextStateJson, parseDeliveryState, type DeliveryState } from './delivery-state.ts';

/**
 * The idempotence core of one Delivery row (ad × channel). Every change is a compare-and-set on
 * (id, status, stateJson) — stateJson carries a revision counter — so two jobs, a staff click
 * and a restarted worker can never both move the row, and a writer that lost the race knows it.
 *
 * States: `pending` (nobody is calling out) → `in_progress` (a job owns it and may be calling
 * out; committed BEFORE the call) → `success` | `failed` | `uncertain` | `skipped`. A row found
 * `in_progress` whose owner job is not running anymore was interrupted mid-call; each channel
 * decides what that means (Telegram: `uncertain`; Instagram: resume from its phase; webhook:
 * send again with the same delivery id).
 */
export const TERMINAL_STATUSES: ReadonlySet<string> = new Set<DeliveryStatus>(['success', 'failed', 'skipped', 'uncertain']);

export interface DeliveryPatch {
  readonly status?: DeliveryStatus;
  readonly state?: Partial<Record<keyof DeliveryState, unknown>>;
  readonly externalId?: string | null;
  readonly containerId?: string | null;
  readonly lastError?: string | null;
  readonly attemptStartedAt?: Date | null;
  readonly completedAt?: Date | null;
  readonly countAttempt?: boolean;
}

/** Applies the patch only if the row is still exactly as read; returns the new row or null. */
export async function compareAndSet(db: DbTx, row: Delivery, patch: DeliveryPatch): Promise<Delivery | null> {
  const current = parseDeliveryState(row.stateJson);
  const stateJson = nextStateJson(current, patch.state ?? {});
  const { count } = await db.delivery.updateMany({
    where: { id: row.id, status: row.status, stateJson: row.stateJson },
    data: {
      stateJson,
      ...(patch.status !== undefined ? { status: patch.status } : {}),
      ...(patch.externalId !== undefined ? { externalId: patch.externalId } : {}),
      ...(patch.containerId !== undefined ? { containerId: patch.containerId } : {}),
      ...(patch.lastError !== undefined ? { lastError: patch.lastError } : {}),
      ...(patch.attemptStartedAt !== undefined ? { attemptStartedAt: patch.attemptStartedAt } : {}),
      ...(patch.completedAt !== undefined ? { completedAt: patch.completedAt } : {}),
      ...(patch.countAttempt ? { attempts: { increment: 1 } } : {}),
    },
  });
  if (count !== 1) return null;
  return db.delivery.findUnique({ where: { id: row.id } });
}

/** Another job (or a staff action) changed the row first: this job must stop touching it. */
export class LostClaimError extends Error {
  constructor(message = 'the delivery row was changed by someone else') {
    super(message);
    this.name = 'LostClaimError';
  }
}

/** One job's hold on a row while it publishes. */
export interface DeliveryAttempt {
  readonly row: Delivery;
  readonly state: DeliveryState;
  /** The row was found `in_progress` (a previous attempt was interrupted) and taken over. */
  readonly resumed: boolean;
  /** The row is `in_progress` under this job. */
  readonly begun: boolean;
  /** pending → in_progress, owned by this job, committed before any outbound call. */
  begin(patch?: DeliveryPatch): Promise<void>;
  /** Records progress (ids as soon as they are known) without changing the status. */
  save(patch: DeliveryPatch): Promise<void>;
  /** Inside a caller's transaction (a hand-over writes the row and the next job together). */
  saveIn(tx: DbTx, patch: DeliveryPatch): Promise<void>;
}

export function createDeliveryAttempt(db: Db, initial: Delivery, jobId: number, options: { resumed: boolean; now: () => Date }): DeliveryAttempt {
  let row = initial;
  let state = parseDeliveryState(initial.stateJson);
  const apply = async (client: DbTx, patch: DeliveryPatch) => {
    const next = await compareAndSet(client, row, patch);
    if (!next) throw new LostClaimError();
    row = next;
    state = parseDeliveryState(next.stateJson);
  };
  return {
    get row() {
      return row;
    },
    get state() {
      return state;
    },
    resumed: options.resumed,
    get begun() {
      return row.status === 'in_progress' && state.owner === jobId;
    },
    async begin(patch = {}) {
      if (row.status === 'in_progress' && state.owner === jobId) {
        if (patch.state || patch.containerId !== undefined || patch.externalId !== undefined) await apply(db, patch);
        return;
      }
      await apply(db, {
        ...patch,
        status: 'in_progress',
        attemptStartedAt: options.now(),
        // A wait (quota, container not ready) resumes the same attempt; anything else is a new one.
        countAttempt: !state.waiting,
        state: { ...patch.state, owner: jobId, waiting: undefined, next: undefined },
      });
    },
    save: (patch) => apply(db, patch),
    saveIn: (tx, patch) => apply(tx, patch),
  };
}

/** Will this job still run (queued, or running under a live lease)? */
export async function isJobPending(db: Db, jobId: number, now: Date): Promise<boolean> {
  const job = await db.job.findUnique({ where: { id: jobId }, select: { status: true, leaseUntil: true, attempts: true, maxAttempts: true } });
  if (!job) return false;
  if (job.status === 'queued') return job.attempts < job.maxAttempts;
  return job.status === 'running' && job.leaseUntil !== null && job.leaseUntil > now;
}

/** Is this job running right now under a live lease (i.e. someone is working on the row)? */
export async function isJobActive(db: Db, jobId: number, now: Date): Promise<boolean> {
  const job = await db.job.findUnique({ where: { id: jobId }, select: { status: true, leaseUntil: true } });
  return job?.status === 'running' && job.leaseUntil !== null && job.leaseUntil > now;
}
