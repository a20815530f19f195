import type { DatabaseProvider } from '../src/shared/db/create-db.ts';
import { postgresAdminUrl } from './database.ts';
import type { AcceptanceOptions } from './scenarios/webhook-acceptance.ts';
import type { ConversationOptions } from './scenarios/conversations.ts';
import type { PartnerReadOptions } from './scenarios/partner-reads.ts';
import type { ApprovalOptions } from './scenarios/approvals.ts';

/**
 * `npm run bench [-- --quick] [-- --sqlite-only] [-- --table] [-- --keep-logs]`: the default
 * run takes about four minutes per database; `--quick` is a smoke run of a minute or two per
 * database; `--table` only prints the Markdown table of the last bench/results.json;
 * `--keep-logs` keeps the processes' logs under bench/tmp/.
 */
export interface Profile {
  readonly name: 'full' | 'quick';
  /** Each measured in rounds alternating with its hello-world baseline (same connections and times). */
  readonly acceptance: AcceptanceOptions;
  readonly conversations: ConversationOptions;
  readonly seededAds: number;
  readonly partnerReads: PartnerReadOptions;
  readonly approvals: ApprovalOptions;
  /** How long to wait for the submissions to be pre-screened before the approvals. */
  readonly screeningTimeoutMs: number;
}

export const FULL: Profile = {
  name: 'full',
  acceptance: { connections: 16, roundMs: 4_000, rounds: 4, warmupMs: 2_000 },
  conversations: { users: 30, durationMs: 60_000, thinkMs: [1_500, 3_000], warmupUsers: 3 },
  seededAds: 100_000,
  partnerReads: { connections: 16, roundMs: 5_000, rounds: 4, warmupMs: 2_000, submitsPerSecond: 50, pagesPerWalk: 5 },
  approvals: { perSecond: 5, durationMs: 15_000 },
  screeningTimeoutMs: 180_000,
};

export const QUICK: Profile = {
  name: 'quick',
  acceptance: { connections: 16, roundMs: 1_500, rounds: 2, warmupMs: 500 },
  conversations: { users: 10, durationMs: 10_000, thinkMs: [1_000, 2_000], warmupUsers: 0 },
  seededAds: 5_000,
  partnerReads: { connections: 16, roundMs: 2_000, rounds: 2, warmupMs: 500, submitsPerSecond: 50, pagesPerWalk: 5 },
  approvals: { perSecond: 5, durationMs: 3_000 },
  screeningTimeoutMs: 60_000,
};

export interface BenchOptions {
  readonly profile: Profile;
  readonly providers: DatabaseProvider[];
  readonly tableOnly: boolean;
  readonly keepLogs: boolean;
}

export function parseOptions(argv: readonly string[]): BenchOptions {
  const known = new Set(['--quick', '--sqlite-only', '--table', '--keep-logs']);
  const unknown = argv.filter((arg) => !known.has(arg));
  if (unknown.length > 0) throw new Error(`unknown option ${unknown.join(' ')} (known: ${[...known].join(' ')})`);
  const sqliteOnly = argv.includes('--sqlite-only') || !postgresAdminUrl();
  return {
    profile: argv.includes('--quick') ? QUICK : FULL,
    providers: sqliteOnly ? ['sqlite'] : ['sqlite', 'postgresql'],
    tableOnly: argv.includes('--table'),
    keepLogs: argv.includes('--keep-logs'),
  };
}
