import type { Update } from 'grammy/types';
import type { Db } from '../../db/prisma-types.ts';
import type { DatabaseProvider } from '../../db/create-db.ts';

/**
 * The inbox as a work queue for the bot process. A row is claimable when it is the oldest
 * unfinished row of its (bot, chat) — so one chat's updates run one at a time, in order — and
 * it is `pending` (its retry time, kept in `leaseUntil`, has come) or `processing` with an
 * expired lease (its handler's process died). Every change is a compare-and-set on
 * (id, status, attempts), so a late writer never overwrites a newer claim. Rows of disabled
 * bots wait until the bot is enabled again.
 *
 * This is the hot path of every update, so it is plain SQL (the same on both databases): a
 * Prisma model query costs several milliseconds of client overhead on SQLite's one connection.
 */
export interface ClaimedUpdate {
  readonly id: number;
  readonly botId: number;
  readonly chatKey: string;
  readonly updateId: number;
  /** This claim's attempt number (1 for the first). */
  readonly attempts: number;
  readonly update: Update;
}

export interface InboxClaimsDeps {
  readonly db: Db;
  readonly provider: DatabaseProvider;
  readonly leaseMs: number;
  readonly maxAttempts: number;
  readonly now?: () => Date;
}

export interface ClaimResult {
  readonly claimed: ClaimedUpdate[];
  /** Rows given up because their last attempt's process died. */
  readonly exhausted: number;
}

export interface InboxClaims {
  /** `processing` rows back to `pending`: only for the single bot process, at its start. */
  recover(): Promise<number>;
  /** Claims up to `max` rows, skipping chats in `busy` (`<botId>:<chatKey>`). */
  claim(max: number, busy: ReadonlySet<string>): Promise<ClaimResult>;
  complete(row: ClaimedUpdate): Promise<boolean>;
  retryLater(row: ClaimedUpdate, error: string, delayMs: number): Promise<boolean>;
  fail(row: ClaimedUpdate, error: string): Promise<boolean>;
  extendLease(row: ClaimedUpdate): Promise<boolean>;
  /** Gives a claim back untouched (shutdown): its attempt does not count. */
  release(row: ClaimedUpdate): Promise<boolean>;
}

export const chatIdentity = (row: { botId: number; chatKey: string }): string => `${row.botId}:${row.chatKey}`;

interface HeadRow {
  id: number | bigint;
  botId: number | bigint;
  chatKey: string;
  status: string;
  attempts: number | bigint;
  leaseUntil: Date | string | null;
  updateId: number | bigint;
  payload: string;
}

const asDate = (value: Date | string | null): Date | null => (value === null ? null : value instanceof Date ? value : new Date(value));

export function createInboxClaims(deps: InboxClaimsDeps): InboxClaims {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  const p = deps.provider === 'postgresql' ? (i: number) => `$${i}` : () => '?';

  /** `UPDATE … SET <set> WHERE id AND status AND attempts` → whether this caller changed the row. */
  async function compareAndSet(id: number, status: string, attempts: number, set: string, values: readonly unknown[]): Promise<boolean> {
    let n = 0;
    const sql = set.replace(/\?/g, () => p(++n));
    const rows = await db.$queryRawUnsafe<Array<{ id: number }>>(
      `UPDATE "InboxUpdate" SET ${sql} WHERE "id" = ${p(++n)} AND "status" = ${p(++n)} AND "attempts" = ${p(++n)} RETURNING "id"`,
      ...values,
      id,
      status,
      attempts,
    );
    return rows.length === 1;
  }

  const mine = (row: ClaimedUpdate, set: string, values: readonly unknown[]) => compareAndSet(row.id, 'processing', row.attempts, set, values);
  const plus = (ms: number) => new Date(now().getTime() + ms);

  return {
    async recover() {
      const { count } = await db.inboxUpdate.updateMany({ where: { status: 'processing' }, data: { status: 'pending', leaseUntil: null } });
      return count;
    },

    async claim(max, busy) {
      const at = now();
      // The oldest unfinished row of every chat of an enabled bot, oldest first; enough of
      // them to fill `max` slots after skipping busy chats and rows not due yet.
      const heads = await db.$queryRawUnsafe<HeadRow[]>(
        `SELECT i."id", i."botId", i."chatKey", i."status", i."attempts", i."leaseUntil", i."updateId", i."payload"
           FROM "InboxUpdate" i
          WHERE i."id" IN (
                SELECT MIN(u."id") FROM "InboxUpdate" u
                 WHERE u."status" IN ('pending', 'processing')
                   AND u."botId" IN (SELECT b."id" FROM "TelegramBot" b WHERE b."enabled" = true)
                 GROUP BY u."botId", u."chatKey")
          ORDER BY i."id"
          LIMIT ${Math.max(1, Math.floor(max)) + busy.size + 20}`,
      );
      const claimed: ClaimedUpdate[] = [];
      let exhausted = 0;
      for (const head of heads) {
        if (claimed.length >= max) break;
        const row = { id: Number(head.id), botId: Number(head.botId), chatKey: head.chatKey, status: head.status, attempts: Number(head.attempts) };
        if (busy.has(chatIdentity(row))) continue;
        const leaseUntil = asDate(head.leaseUntil);
        const due = leaseUntil === null || (row.status === 'pending' ? leaseUntil <= at : leaseUntil < at);
        if (!due) continue;
        if (row.attempts >= deps.maxAttempts) {
          const failed = await compareAndSet(row.id, row.status, row.attempts, `"status" = 'failed', "leaseUntil" = NULL, "handledAt" = ?, "lastError" = ?`, [
            at,
            'the process stopped during the last attempt',
          ]);
          if (failed) exhausted += 1;
          continue;
        }
        const attempts = row.attempts + 1;
        const won = await compareAndSet(row.id, row.status, row.attempts, `"status" = 'processing', "attempts" = ?, "leaseUntil" = ?`, [
          attempts,
          new Date(at.getTime() + deps.leaseMs),
        ]);
        if (won) claimed.push({ id: row.id, botId: row.botId, chatKey: row.chatKey, updateId: Number(head.updateId), attempts, update: JSON.parse(head.payload) as Update });
      }
      return { claimed, exhausted };
    },

    complete: (row) => mine(row, `"status" = 'done', "leaseUntil" = NULL, "handledAt" = ?, "lastError" = NULL`, [now()]),
    retryLater: (row, error, delayMs) => mine(row, `"status" = 'pending', "leaseUntil" = ?, "lastError" = ?`, [plus(delayMs), error]),
    fail: (row, error) => mine(row, `"status" = 'failed', "leaseUntil" = NULL, "handledAt" = ?, "lastError" = ?`, [now(), error]),
    extendLease: (row) => mine(row, `"leaseUntil" = ?`, [plus(deps.leaseMs)]),
    release: (row) => mine(row, `"status" = 'pending', "leaseUntil" = NULL, "attempts" = ?`, [row.attempts - 1]),
  };
}
