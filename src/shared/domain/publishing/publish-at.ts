import { AppError } from '../../errors.ts';

/** How far ahead an approval may be scheduled. */
export const MAX_SCHEDULE_DAYS = 90;

/**
 * A scheduled approval's publish time must be in the future and at most 90 days ahead;
 * otherwise 422 `validation_failed` on the field `publishAt`.
 */
export function checkPublishAt(publishAt: Date, now: Date): void {
  if (Number.isNaN(publishAt.getTime())) throw invalid('must be an ISO-8601 date and time');
  if (publishAt.getTime() <= now.getTime()) throw invalid('must be in the future');
  if (publishAt.getTime() > now.getTime() + MAX_SCHEDULE_DAYS * 86_400_000) throw invalid(`must be at most ${MAX_SCHEDULE_DAYS} days ahead`);
}

function invalid(problem: string): AppError {
  return new AppError('validation_failed', `publishAt ${problem}`, { fields: { publishAt: problem } });
}

/**
 * The panel's `<input type="datetime-local">` value (`YYYY-MM-DDTHH:MM`, no zone) as the moment
 * it names in the server's time zone (TZ, the same zone as the panel's "today", see
 * review/local-day.ts; UTC when TZ is unset). Null when empty or malformed.
 */
export function parseLocalDateTime(text: string | undefined): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec((text ?? '').trim());
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
  const at = new Date(year, month - 1, day, hour, minute, second);
  if (at.getFullYear() !== year || at.getMonth() !== month - 1 || at.getDate() !== day || at.getHours() !== hour || at.getMinutes() !== minute) return null;
  return at;
}

/** The value for a datetime-local input showing this moment in the server's time zone. */
export function formatLocalDateTime(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}
