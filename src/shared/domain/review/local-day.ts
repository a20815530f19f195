/**
 * Days for the staff's numbers ("today", the 30-day chart) are calendar days in the web
 * process's time zone (TZ), which is how the server is set up for its operators.
 */
export function startOfLocalDay(at: Date): Date {
  const day = new Date(at);
  day.setHours(0, 0, 0, 0);
  return day;
}

export function addLocalDays(day: Date, days: number): Date {
  const next = new Date(day);
  next.setDate(next.getDate() + days);
  return next;
}

/** `YYYY-MM-DD` of the local calendar day. */
export function localDayKey(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}

/** Parses a `YYYY-MM-DD` form value as the local midnight that starts it, or null. */
export function parseLocalDay(text: string | undefined): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text ?? '');
  if (!match) return null;
  const day = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return localDayKey(day) === text ? day : null;
}
