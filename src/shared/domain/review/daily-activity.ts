import type { Db } from '../../db/prisma-types.ts';
import type { DatabaseProvider } from '../../db/create-db.ts';
import { addLocalDays, localDayKey, startOfLocalDay } from './local-day.ts';
import { DECISION_ACTIONS } from './pulse.ts';

export interface DayActivity {
  /** Local calendar day, `YYYY-MM-DD`. */
  readonly day: string;
  readonly submitted: number;
  readonly approved: number;
  readonly rejected: number;
  readonly revision: number;
}

/**
 * Submissions and decisions per local day for the last `days` days (oldest first), in two
 * grouped queries over indexes: Ad(createdAt) and AuditLog(action, createdAt).
 * Days are shifted by the process's current UTC offset (a DST change inside the window moves
 * at most an hour's worth of rows to the neighbouring day).
 */
export async function loadDailyActivity(deps: { db: Db; provider: DatabaseProvider }, days = 30, now: Date = new Date()): Promise<DayActivity[]> {
  const first = addLocalDays(startOfLocalDay(now), -(days - 1));
  const offsetMinutes = -now.getTimezoneOffset();
  const actions = Object.values(DECISION_ACTIONS);
  const [submissions, decisions] = await Promise.all([
    groupByDay(deps, 'Ad', first, offsetMinutes),
    groupByDay(deps, 'AuditLog', first, offsetMinutes, actions),
  ]);
  const result: DayActivity[] = [];
  for (let i = 0; i < days; i += 1) {
    const key = localDayKey(addLocalDays(first, i));
    result.push({
      day: key,
      submitted: submissions.get(`${key}|`) ?? 0,
      approved: decisions.get(`${key}|${DECISION_ACTIONS.approve}`) ?? 0,
      rejected: decisions.get(`${key}|${DECISION_ACTIONS.reject}`) ?? 0,
      revision: decisions.get(`${key}|${DECISION_ACTIONS.revision}`) ?? 0,
    });
  }
  return result;
}

interface DayRow {
  day: string;
  action: string | null;
  n: number | bigint;
}

async function groupByDay(
  deps: { db: Db; provider: DatabaseProvider },
  table: 'Ad' | 'AuditLog',
  since: Date,
  offsetMinutes: number,
  actions?: readonly string[],
): Promise<Map<string, number>> {
  const rows =
    deps.provider === 'postgresql'
      ? await deps.db.$queryRawUnsafe<DayRow[]>(
          `SELECT to_char("createdAt" + make_interval(mins => $1::int), 'YYYY-MM-DD') AS day, ${actions ? '"action"' : 'NULL'} AS action, COUNT(*)::int AS n
             FROM "${table}" WHERE "createdAt" >= $2::timestamp ${table === 'Ad' ? 'AND NOT "shadowed"' : ''} ${actions ? `AND "action" IN (${actions.map((_, i) => `$${i + 3}`).join(', ')})` : ''}
            GROUP BY 1, 2`,
          offsetMinutes,
          since.toISOString().replace('T', ' ').replace('Z', ''),
          ...(actions ?? []),
        )
      : await deps.db.$queryRawUnsafe<DayRow[]>(
          // Prisma's SQLite adapter stores DateTime as ISO text with a `+00:00` suffix.
          `SELECT date("createdAt", ?) AS day, ${actions ? '"action"' : 'NULL'} AS action, COUNT(*) AS n
             FROM "${table}" WHERE "createdAt" >= ? ${table === 'Ad' ? 'AND NOT "shadowed"' : ''} ${actions ? `AND "action" IN (${actions.map(() => '?').join(', ')})` : ''}
            GROUP BY 1, 2`,
          `${offsetMinutes >= 0 ? '+' : ''}${offsetMinutes} minutes`,
          since.toISOString().replace('Z', '+00:00'),
          ...(actions ?? []),
        );
  return new Map(rows.map((row) => [`${row.day}|${row.action ?? ''}`, Number(row.n)]));
}
