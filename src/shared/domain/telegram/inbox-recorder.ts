import type { Update } from 'grammy/types';
import type { DbTx } from '../../db/prisma-types.ts';
import type { DatabaseProvider } from '../../db/create-db.ts';
import { chatKeyOf, senderIdOf } from './inbox-chat-key.ts';
import type { UpdateFloodLimiter } from './update-flood-limiter.ts';
import type { InboxMetrics, UpdateSource } from './inbox-metrics.ts';

/**
 * The first step of every update, whichever transport brought it: one durable `InboxUpdate`
 * row per (bot, update_id). A second delivery of the same update is ignored with
 * `ON CONFLICT DO NOTHING` (no error, so a surrounding PostgreSQL transaction is not aborted).
 * Updates over the sender's flood limit are recorded already `done` with lastError `flood`.
 */
export interface InboxRecorderDeps {
  readonly provider: DatabaseProvider;
  readonly flood?: UpdateFloodLimiter;
  readonly metrics?: InboxMetrics;
  readonly now?: () => Date;
}

export interface RecordResult {
  /** New rows waiting to be handled. */
  readonly inserted: number;
  /** Already recorded before (redelivered by Telegram, or fetched again after a restart). */
  readonly duplicates: number;
  /** New rows over the flood limit, recorded as done without handling. */
  readonly flooded: number;
}

export interface InboxRecorder {
  /** Records a batch of one bot's updates on `db` (a client or an open transaction). */
  record(db: DbTx, botId: number, updates: readonly Update[], source: UpdateSource): Promise<RecordResult>;
}

/** Rows per INSERT statement (9 parameters each, well under both databases' limits). */
const CHUNK = 100;
const MAX_UPDATE_ID = 2 ** 31 - 1;

/** An object with an integer update_id that fits the column: what Telegram sends. */
export function isRecordableUpdate(value: unknown): value is Update {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const id = (value as { update_id?: unknown }).update_id;
  return typeof id === 'number' && Number.isInteger(id) && id >= 0 && id <= MAX_UPDATE_ID;
}

export function createInboxRecorder(deps: InboxRecorderDeps): InboxRecorder {
  const now = deps.now ?? (() => new Date());
  const placeholder = deps.provider === 'postgresql' ? (i: number) => `$${i}` : () => '?';

  async function insertChunk(db: DbTx, botId: number, updates: readonly Update[], floodedIds: ReadonlySet<number>): Promise<Set<number>> {
    const at = now();
    const values: string[] = [];
    const params: unknown[] = [];
    for (const update of updates) {
      const flooded = floodedIds.has(update.update_id);
      const row = [botId, update.update_id, chatKeyOf(update), JSON.stringify(update), flooded ? 'done' : 'pending', 0, flooded ? 'flood' : null, at, flooded ? at : null];
      values.push(`(${row.map((_, i) => placeholder(params.length + i + 1)).join(', ')})`);
      params.push(...row);
    }
    const inserted = await db.$queryRawUnsafe<Array<{ updateId: number | bigint }>>(
      `INSERT INTO "InboxUpdate" ("botId", "updateId", "chatKey", "payload", "status", "attempts", "lastError", "receivedAt", "handledAt")
       VALUES ${values.join(', ')}
       ON CONFLICT ("botId", "updateId") DO NOTHING
       RETURNING "updateId"`,
      ...params,
    );
    return new Set(inserted.map((row) => Number(row.updateId)));
  }

  return {
    async record(db, botId, updates, source) {
      for (const update of updates) {
        if (!isRecordableUpdate(update)) throw new TypeError('not a Telegram update (update_id missing or out of range)');
      }
      const floodKeys = new Map<number, string>();
      const floodedIds = new Set<number>();
      if (deps.flood) {
        for (const update of updates) {
          const sender = senderIdOf(update);
          if (sender === null) continue;
          const key = `${botId}:${sender}`;
          floodKeys.set(update.update_id, key);
          if (!deps.flood.take(key)) floodedIds.add(update.update_id);
        }
      }
      const inserted = new Set<number>();
      for (let i = 0; i < updates.length; i += CHUNK) {
        for (const id of await insertChunk(db, botId, updates.slice(i, i + CHUNK), floodedIds)) inserted.add(id);
      }
      let duplicates = 0;
      let flooded = 0;
      for (const update of updates) {
        const id = update.update_id;
        if (!inserted.has(id)) {
          duplicates += 1;
          const key = floodKeys.get(id);
          if (key !== undefined && !floodedIds.has(id)) deps.flood?.refund(key);
        } else if (floodedIds.has(id)) {
          flooded += 1;
        }
      }
      deps.metrics?.received(source, updates.length);
      if (duplicates) deps.metrics?.deduped(source, duplicates);
      if (flooded) deps.metrics?.flooded(source, flooded);
      return { inserted: inserted.size - flooded, duplicates, flooded };
    },
  };
}
