/** Set on every SQLite connection (../shared/DESIGN.md "Work moves through the database"). */
export const SQLITE_BUSY_TIMEOUT_MS = 15_000;

/**
 * The connection's own busy timeout, during which better-sqlite3 blocks the event loop: a
 * few milliseconds. The product's connection waits longer for the write lock asynchronously
 * (serialized-sqlite-adapter.ts), up to SQLITE_BUSY_TIMEOUT_MS in all.
 */
export const SQLITE_BLOCKING_BUSY_TIMEOUT_MS = 3;

export const SQLITE_CONNECTION_PRAGMAS = [
  'PRAGMA journal_mode = WAL;',
  `PRAGMA busy_timeout = ${SQLITE_BLOCKING_BUSY_TIMEOUT_MS};`,
  'PRAGMA synchronous = NORMAL;',
  'PRAGMA foreign_keys = ON;',
].join('\n');
