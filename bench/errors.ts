import fs from 'node:fs';

/**
 * The error counts of a run: SQLite lock errors in the processes' logs (`SQLITE_BUSY`,
 * "database is locked", whatever the log level printed them) and the 5xx answers the web
 * process counted itself (its Prometheus histogram, by status: this includes the webhook
 * deliveries the Telegram stand-in made, which the load generator never sees).
 */
const LOCK_ERROR = /SQLITE_BUSY|database is locked/gi;

export function countLockErrors(logFiles: readonly string[]): number {
  let count = 0;
  for (const file of logFiles) {
    if (!fs.existsSync(file)) continue;
    count += fs.readFileSync(file, 'utf8').match(LOCK_ERROR)?.length ?? 0;
  }
  return count;
}

/** Sum of `agahi_http_request_duration_seconds_count` samples with a 5xx status. */
export async function countServerErrors(webBaseUrl: string): Promise<number> {
  const text = await (await fetch(`${webBaseUrl}/metrics`)).text();
  let count = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith('agahi_http_request_duration_seconds_count{')) continue;
    if (!/status="5\d\d"/.test(line)) continue;
    count += Number(line.slice(line.lastIndexOf(' ') + 1)) || 0;
  }
  return count;
}

/** 5xx answers per path, from the same histogram (for the report's details). */
export async function httpCountsByRoute(webBaseUrl: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${webBaseUrl}/metrics`)).text();
  const counts: Record<string, number> = {};
  for (const line of text.split('\n')) {
    if (!line.startsWith('agahi_http_request_duration_seconds_count{')) continue;
    const route = /route="([^"]*)"/.exec(line)?.[1] ?? '?';
    const status = /status="([^"]*)"/.exec(line)?.[1] ?? '?';
    const method = /method="([^"]*)"/.exec(line)?.[1] ?? '?';
    const key = `${method} ${route} ${status}`;
    counts[key] = (counts[key] ?? 0) + (Number(line.slice(line.lastIndexOf(' ') + 1)) || 0);
  }
  return counts;
}
