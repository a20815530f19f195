import type { DayActivity } from '../../../shared/domain/review/daily-activity.ts';

/**
 * Geometry of the dashboard's 30-day chart, drawn as inline SVG by the template (no chart
 * library, no script): per day one bar of submissions and one stacked bar of decisions
 * (approved, rejected, revision). Time runs in the reading direction (right-to-left in fa).
 */
export interface Rect {
  readonly y: number;
  readonly h: number;
}

export interface ChartDay {
  readonly xSubmitted: number;
  readonly xDecided: number;
  readonly submitted: Rect;
  readonly approved: Rect;
  readonly rejected: Rect;
  readonly revision: Rect;
  readonly title: string;
  /** Day-of-month label under every 5th day (and the last), else null. */
  readonly label: string | null;
  readonly labelX: number;
}

export interface ChartModel {
  readonly width: number;
  readonly height: number;
  readonly barWidth: number;
  readonly baseline: number;
  readonly days: ChartDay[];
  readonly grid: ReadonlyArray<{ y: number; label: string }>;
  readonly empty: boolean;
}

export interface ChartText {
  readonly rtl: boolean;
  readonly number: (n: number) => string;
  readonly dayLabel: (day: string) => string;
  readonly title: (day: DayActivity) => string;
}

const WIDTH = 720;
const HEIGHT = 220;
const TOP = 10;
const BOTTOM = 24;
const SIDE = 30;

export function buildActivityChart(days: readonly DayActivity[], text: ChartText): ChartModel {
  const decidedOf = (d: DayActivity) => d.approved + d.rejected + d.revision;
  const max = Math.max(1, ...days.map((d) => Math.max(d.submitted, decidedOf(d))));
  const scaleMax = niceCeil(max);
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const baseline = HEIGHT - BOTTOM;
  const slot = (WIDTH - SIDE * 2) / Math.max(1, days.length);
  const barWidth = Math.max(2, Math.floor(slot * 0.36));
  const height = (n: number) => Math.round((n / scaleMax) * plotHeight * 10) / 10;
  const chartDays = days.map((day, index) => {
    const position = text.rtl ? days.length - 1 - index : index;
    const x0 = SIDE + position * slot + (slot - barWidth * 2 - 2) / 2;
    const hSub = height(day.submitted);
    const hApp = height(day.approved);
    const hRej = height(day.rejected);
    const hRev = height(day.revision);
    const showLabel = index % 5 === 0 || index === days.length - 1;
    return {
      xSubmitted: Math.round((text.rtl ? x0 + barWidth + 2 : x0) * 10) / 10,
      xDecided: Math.round((text.rtl ? x0 : x0 + barWidth + 2) * 10) / 10,
      submitted: { y: baseline - hSub, h: hSub },
      approved: { y: baseline - hApp, h: hApp },
      rejected: { y: baseline - hApp - hRej, h: hRej },
      revision: { y: baseline - hApp - hRej - hRev, h: hRev },
      title: text.title(day),
      label: showLabel ? text.dayLabel(day.day) : null,
      labelX: Math.round((SIDE + position * slot + slot / 2) * 10) / 10,
    };
  });
  const grid = [0, 0.5, 1].map((f) => ({ y: Math.round(baseline - f * plotHeight), label: text.number(Math.round(f * scaleMax)) }));
  return { width: WIDTH, height: HEIGHT, barWidth, baseline, days: chartDays, grid, empty: days.every((d) => d.submitted === 0 && decidedOf(d) === 0) };
}

function niceCeil(n: number): number {
  if (n <= 5) return n <= 2 ? 2 : n <= 4 ? 4 : 5;
  const magnitude = 10 ** Math.floor(Math.log10(n));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (step * magnitude >= n) return step * magnitude;
  }
  return 10 * magnitude;
}
