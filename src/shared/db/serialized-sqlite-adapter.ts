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
 * Transactions must stay short and free of network calls: better-sqlite3 is synchronous,
 * so a lock wait blocks the event loop.
 */
export function serializeSqliteAdapter(
  inner: SqlMigrationAwareDriverAdapterFactory,
  connectionPragmas: string,
  onLockWait?: (seconds: number) => void,
): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    async connect() {
      const adapter = await inner.connect();
      await adapter.executeScript(connectionPragmas);
      return new SerializedSqliteAdapter(adapter, onLockWait);
    },
    async connectToShadowDb() {
      return new SerializedSqliteAdapter(await inner.connectToShadowDb());
    },
  };
}

function statement(sql: string): SqlQuery {
  return { sql, args: [], argTypes: [] };
}

class SerializedSqliteAdapter implements SqlDriverAdapter {
  readonly #inner: SqlDriverAdapter;
  readonly #lock = new AsyncLock();
  readonly #onLockWait: ((seconds: number) => void) | undefined;

  constructor(inner: SqlDriverAdapter, onLockWait?: (seconds: number) => void) {
    this.#inner = inner;
    this.#onLockWait = onLockWait;
  }

  async #acquire(): Promise<() => void> {
    const started = performance.now();
    const release = await this.#lock.acquire();
    this.#onLockWait?.((performance.now() - started) / 1000);
    return release;
  }

  async #run<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.#acquire();
    try {
      return await work();
    } finally {
      release();
    }
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
    const release = await this.#acquire();
    let tx: Transaction | undefined;
    try {
      tx = await this.#inner.startTransaction(isolationLevel);
      // The inner adapter has just run a deferred BEGIN and nothing else: swap it for an
      // immediate one so the write lock is ours from the first statement on.
      await tx.executeRaw(statement('ROLLBACK'));
      await tx.executeRaw(statement('BEGIN IMMEDIATE'));
      return wrapTransaction(tx, release);
    } catch (error) {
      if (tx) await tx.rollback().catch(() => undefined);
      release();
      throw error;
    }
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
