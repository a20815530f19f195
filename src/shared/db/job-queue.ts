import type { Db, DbTx, Job } from './prisma-types.ts';
import type { DatabaseProvider } from './create-db.ts';

/**
 * The durable job queue: rows in `Job`. Enqueue inside the caller's transaction; claim with a
 * lease (a crashed worker's job comes back when the lease ends); retry with exponential backoff
 * and full jitter; `failed` after maxAttempts. On PostgreSQL claims use FOR UPDATE SKIP LOCKED so
 * several workers can run; on SQLite the claim is one IMMEDIATE transaction (one writer).
 */
export interface EnqueueInput {
  readonly kind: string;
  readonly payload?: unknown;
  /** At most one job per key, ever (e.g. `moderate:<adId>`). */
  readonly dedupeKey?: string;
  readonly runAt?: Date;
  readonly maxAttempts?: number;
}

export interface ClaimedJob {
  readonly id: number;
  readonly kind: string;
  readonly payload: unknown;
  readonly attempts: number;
  readonly maxAttempts: number;
  /** Identifies this claim: only its holder can finish the job. */
  readonly claimToken: string;
}

export interface ClaimOptions {
  readonly workerId: string;
  readonly leaseMs: number;
  readonly kinds?: readonly string[];
}

export interface JobQueue {
  enqueue(tx: DbTx, input: EnqueueInput): Promise<Job | null>;
  claim(options: ClaimOptions): Promise<ClaimedJob | null>;
  complete(job: ClaimedJob): Promise<boolean>;
  /** Retry later with backoff, or `failed` when attempts are used up. */
  retryLater(job: ClaimedJob, error: string, delayMs?: number): Promise<'queued' | 'failed'>;
  fail(job: ClaimedJob, error: string): Promise<boolean>;
  /** Give the job back untouched (shutdown): its attempt does not count. */
  release(job: ClaimedJob): Promise<boolean>;
  extendLease(job: ClaimedJob, leaseMs: number): Promise<boolean>;
  /** Earliest time any job of these kinds becomes runnable (for the worker's sleep). */
  nextRunAt(kinds?: readonly string[]): Promise<Date | null>;
}

export interface JobQueueDeps {
  readonly db: Db;
  readonly provider: DatabaseProvider;
  readonly now?: () => Date;
  /** Backoff base and cap for retryLater without an explicit delay. */
  readonly backoffBaseMs?: number;
  readonly backoffCapMs?: number;
  readonly random?: () => number;
}

export function createJobQueue(deps: JobQueueDeps): JobQueue {
  const now = deps.now ?? (() => new Date());
  const random = deps.random ?? Math.random;
  const base = deps.backoffBaseMs ?? 2_000;
  const cap = deps.backoffCapMs ?? 10 * 60_000;
  const { db } = deps;

  const ownedBy = (job: ClaimedJob) => ({ id: job.id, status: 'running', lockedBy: job.claimToken });

  async function findClaimableId(tx: DbTx, options: ClaimOptions, at: Date): Promise<number | null> {
    if (deps.provider === 'postgresql') {
      const kinds = options.kinds ?? [];
      const kindClause = kinds.length ? `AND kind IN (${kinds.map((_, i) => `$${i + 2}`).join(', ')})` : '';
      const rows = await tx.$queryRawUnsafe<Array<{ id: number }>>(
        `SELECT id FROM "Job"
          WHERE ((status = 'queued' AND "runAt" <= $1) OR (status = 'running' AND "leaseUntil" < $1)) ${kindClause}
          ORDER BY "runAt", id LIMIT 1 FOR UPDATE SKIP LOCKED`,
        at,
        ...kinds,
      );
      return rows[0]?.id ?? null;
    }
    const row = await tx.job.findFirst({
      where: {
        OR: [
          { status: 'queued', runAt: { lte: at } },
          { status: 'running', leaseUntil: { lt: at } },
        ],
        ...(options.kinds?.length ? { kind: { in: [...options.kinds] } } : {}),
      },
      orderBy: [{ runAt: 'asc' }, { id: 'asc' }],
      select: { id: true },
    });
    return row?.id ?? null;
  }

  return {
    async enqueue(tx, input) {
      if (input.dedupeKey) {
        const existing = await tx.job.findUnique({ where: { dedupeKey: input.dedupeKey } });
        if (existing) return null;
      }
      return tx.job.create({
        data: {
          kind: input.kind,
          payload: JSON.stringify(input.payload ?? {}),
          dedupeKey: input.dedupeKey ?? null,
          runAt: input.runAt ?? now(),
          maxAttempts: input.maxAttempts ?? 5,
        },
      });
    },

    async claim(options) {
      for (;;) {
        const at = now();
        const result = await db.$transaction(async (tx) => {
          const id = await findClaimableId(tx, options, at);
          if (id === null) return { kind: 'none' as const };
          const job = await tx.job.findUniqueOrThrow({ where: { id } });
          if (job.attempts >= job.maxAttempts) {
            // Its last attempt's worker died holding it: give up visibly instead of looping.
            await tx.job.update({
              where: { id },
              data: { status: 'failed', leaseUntil: null, lockedBy: null, lastError: job.lastError ?? 'worker stopped during the last attempt' },
            });
            return { kind: 'exhausted' as const };
          }
          const attempts = job.attempts + 1;
          const claimToken = `${options.workerId}#${attempts}`;
          await tx.job.update({
            where: { id },
            data: { status: 'running', attempts, lockedBy: claimToken, leaseUntil: new Date(at.getTime() + options.leaseMs) },
          });
          return {
            kind: 'claimed' as const,
            job: { id, kind: job.kind, payload: JSON.parse(job.payload) as unknown, attempts, maxAttempts: job.maxAttempts, claimToken },
          };
        });
        if (result.kind === 'claimed') return result.job;
        if (result.kind === 'none') return null;
      }
    },

    async complete(job) {
      const { count } = await db.job.updateMany({
        where: ownedBy(job),
        data: { status: 'done', leaseUntil: null, lastError: null },
      });
      return count === 1;
    },

    async retryLater(job, error, delayMs) {
      if (job.attempts >= job.maxAttempts) {
        await this.fail(job, error);
        return 'failed';
      }
      const exponential = Math.min(cap, base * 2 ** (job.attempts - 1));
      const delay = delayMs ?? Math.round(exponential / 2 + random() * (exponential / 2));
      await db.job.updateMany({
        where: ownedBy(job),
        data: { status: 'queued', leaseUntil: null, lockedBy: null, lastError: error, runAt: new Date(now().getTime() + delay) },
      });
      return 'queued';
    },

    async fail(job, error) {
      const { count } = await db.job.updateMany({
        where: ownedBy(job),
        data: { status: 'failed', leaseUntil: null, lockedBy: null, lastError: error },
      });
      return count === 1;
    },

    async release(job) {
      const { count } = await db.job.updateMany({
        where: ownedBy(job),
        data: { status: 'queued', leaseUntil: null, lockedBy: null, attempts: job.attempts - 1, runAt: now() },
      });
      return count === 1;
    },

    async extendLease(job, leaseMs) {
      const { count } = await db.job.updateMany({
        where: ownedBy(job),
        data: { leaseUntil: new Date(now().getTime() + leaseMs) },
      });
      return count === 1;
    },

    async nextRunAt(kinds) {
      const kindFilter = kinds?.length ? { kind: { in: [...kinds] } } : {};
      const [queued, leased] = await Promise.all([
        db.job.findFirst({ where: { status: 'queued', ...kindFilter }, orderBy: { runAt: 'asc' }, select: { runAt: true } }),
        db.job.findFirst({ where: { status: 'running', ...kindFilter }, orderBy: { leaseUntil: 'asc' }, select: { leaseUntil: true } }),
      ]);
      const times = [queued?.runAt, leased?.leaseUntil].filter((t): t is Date => t instanceof Date);
      return times.length ? new Date(Math.min(...times.map((t) => t.getTime()))) : null;
    },
  };
}
