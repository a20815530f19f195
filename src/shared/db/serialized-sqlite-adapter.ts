import type {
  IsolationLevel,
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
  SqlQuery,
  SqlResultSet,
  Transaction,
} from '@prisma/driver-adapter-utils';
import { AsyncLock } from './async-lock.ts';

/**
 * Wraps Prisma 6.19.3's better-sqlite3 adapter factory to fix two defects at one depth
 * (../shared/DESIGN.md "Environment facts"; prisma/orm#29933):
 *
 * 1. The adapter runs every query on ONE connection, and its transaction mutex is not
 *    awaited by ordinary queries, so a plain write issued while another caller's interactive
 *    transaction is open lands inside that transaction and vanishes if it rolls back.
 *    Here every query and every transaction share one FIFO lock: one connection, one queue.
 * 2. The adapter's `BEGIN` is deferred, so a read-then-write transaction fails with
 *    SQLITE_BUSY_SNAPSHOT when another process wrote in between, whatever the busy timeout.
 *    Here every transaction is restarted as `BEGIN IMMEDIATE` before its first statement,
 *    which takes the write lock at its start (waiting up to busy_timeout for it).
 *
 * 3. better-sqlite3 is synchronous: a statement waiting in SQLite's busy handler for the write
 *    lock held by another process blocks this process's event loop for as long (the stall of
 *    the system this one replaces). So the connection's own busy timeout is a few
 *    milliseconds, and a statement or `BEGIN IMMEDIATE` that still finds the lock taken is
 *    retried here after an asynchronous pause, up to `lockWaitMs` in all; while it waits, the
 *    event loop serves other requests and the connection runs the other queued queries (the
 *    connection is in autocommit then: nothing of the waiting transaction has started).
 *
 * Transactions must stay short and free of network calls.
 */
export function serializeSqliteAdapter(
  inner: SqlMigrationAwareDriverAdapterFactory,
  connectionPragmas: string,
  onLockWait?: (seconds: number) => void,
  lockWaitMs = DEFAULT_LOCK_WAIT_MS,
): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    async connect() {
      const adapter = await inner.connect();
      await adapter.executeScript(connectionPragmas);
      return new SerializedSqliteAdapter(adapter, lockWaitMs, onLockWait);
    },
    async connectToShadowDb() {
      return new SerializedSqliteAdapter(await inner.connectToShadowDb(), lockWaitMs);
    },
  };
}

/** How long a statement may wait for another process's write lock in all (then SQLITE_BUSY). */
const DEFAULT_LOCK_WAIT_MS = 15_000;
/** Pauses between attempts: short at first (most holds last a millisecond or two), then capped. */
const RETRY_PAUSES_MS = [1, 2, 4, 8, 16];

function statement(sql: string): SqlQuery {
  return { sql, args: [], argTypes: [] };
}

/** SQLITE_BUSY (or one of its extended codes) as the inner adapter reports it. */
function isBusy(error: unknown): boolean {
  const cause = (error as { cause?: { originalCode?: unknown } } | null)?.cause;
  return typeof cause?.originalCode === 'string' && cause.originalCode.startsWith('SQLITE_BUSY');
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

class SerializedSqliteAdapter implements SqlDriverAdapter {
  readonly #inner: SqlDriverAdapter;
  readonly #lock = new AsyncLock();
  readonly #lockWaitMs: number;
  readonly #onLockWait: ((seconds: number) => void) | undefined;

  constructor(inner: SqlDriverAdapter, lockWaitMs: number, onLockWait?: (seconds: number) => void) {
    this.#inner = inner;
    this.#lockWaitMs = lockWaitMs;
    this.#onLockWait = onLockWait;
  }

  /**
   * Runs `attempt` holding the connection; when it finds another process's write lock, lets the
   * connection go, pauses without blocking the event loop and tries again, until `lockWaitMs`.
   * Safe to repeat: a statement refused with SQLITE_BUSY has done nothing.
   */
  async #withBusyRetry<T>(attempt: () => Promise<T>, keepConnection: boolean): Promise<T> {
    const started = performance.now();
    for (let tries = 0; ; tries += 1) {
      const release = await this.#acquire();
      let keep = false;
      try {
        const result = await attempt();
        keep = keepConnection;
        return result;
      } catch (error) {
        if (!isBusy(error) || performance.now() - started >= this.#lockWaitMs) throw error;
      } finally {
        if (!keep) release();
        else this.#held = release;
      }
      await pause(RETRY_PAUSES_MS[Math.min(tries, RETRY_PAUSES_MS.length - 1)] ?? 16);
    }
  }

  /** The release of the connection lock taken by the last successful startTransaction. */
  #held: (() => void) | undefined;

  async #acquire(): Promise<() => void> {
    const started = performance.now();
    const release = await this.#lock.acquire();
    this.#onLockWait?.((performance.now() - started) / 1000);
    return release;
  }

  #run<T>(work: () => Promise<T>): Promise<T> {
    return this.#withBusyRetry(work, false);
  }

  get provider() {
    return this.#inner.provider;
  }

  get adapterName() {
    return this.#inner.adapterName;
  }

  queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    return this.#run(() => this.#inner.queryRaw(query));
  }

  executeRaw(query: SqlQuery): Promise<number> {
    return this.#run(() => this.#inner.executeRaw(query));
  }

  executeScript(script: string): Promise<void> {
    return this.#run(() => this.#inner.executeScript(script));
  }

  getConnectionInfo() {
    return this.#inner.getConnectionInfo?.() ?? { supportsRelationJoins: false };
  }

  async startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
    const tx = await this.#withBusyRetry(async () => {
      const inner = await this.#inner.startTransaction(isolationLevel);
      try {
        // The inner adapter has just run a deferred BEGIN and nothing else: swap it for an
        // immediate one so the write lock is ours from the first statement on.
        await inner.executeRaw(statement('ROLLBACK'));
        await inner.executeRaw(statement('BEGIN IMMEDIATE'));
        return inner;
      } catch (error) {
        // The inner transaction only holds the inner adapter's mutex by now: let it go.
        await inner.rollback().catch(() => undefined);
        throw error;
      }
    }, true);
    const release = this.#held;
    this.#held = undefined;
    if (!release) throw new Error('serialized SQLite adapter: transaction started without the connection lock');
    return wrapTransaction(tx, release);
  }

  dispose(): Promise<void> {
    return this.#run(() => this.#inner.dispose());
  }
}

function wrapTransaction(tx: Transaction, release: () => void): Transaction {
  return {
    get provider() {
      return tx.provider;
    },
    get adapterName() {
      return tx.adapterName;
    },
    options: tx.options,
    queryRaw: (query) => tx.queryRaw(query),
    executeRaw: (query) => tx.executeRaw(query),
    async commit() {
      try {
        await tx.commit();
      } finally {
        release();
      }
    },
    async rollback() {
      try {
        await tx.rollback();
      } finally {
        release();
      }
    },
  };
}
