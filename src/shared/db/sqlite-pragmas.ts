/** Set on every SQLite connection (../shared/DESIGN.md "Work moves through the database"). */
export const SQLITE_BUSY_TIMEOUT_MS = 15_000;

export const SQLITE_CONNECTION_PRAGMAS = [
  'PRAGMA journal_mode = WAL;',
  `PRAGMA busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS};`,
  'PRAGMA synchronous = NORMAL;',
  'PRAGMA foreign_keys = ON;',
].join('\n');
