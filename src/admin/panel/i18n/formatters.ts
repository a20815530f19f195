import type { PanelLanguage } from './translator.ts';

/** Dates, numbers and durations as staff read them: Persian calendar and digits in fa. */
export interface Formatters {
  dateTime(at: Date | null | undefined): string;
  date(at: Date | null | undefined): string;
  number(n: number): string;
  percent(ratio: number | null): string;
  /** "3 h 12 min" style, from milliseconds. */
  duration(ms: number): string;
  /** ISO for <time datetime>. */
  iso(at: Date | null | undefined): string;
}

const cache = new Map<PanelLanguage, Formatters>();

export function formattersFor(language: PanelLanguage): Formatters {
  const cached = cache.get(language);
  if (cached) return cached;
  const locale = language === 'fa' ? 'fa-IR' : 'en-GB';
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  const number = new Intl.NumberFormat(locale);
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const units = language === 'fa' ? { d: 'روز', h: 'ساعت', m: 'دقیقه', s: 'ثانیه' } : { d: 'd', h: 'h', m: 'min', s: 's' };
  const formatters: Formatters = {
    dateTime: (at) => (at ? dateTime.format(at) : '—'),
    date: (at) => (at ? date.format(at) : '—'),
    number: (n) => number.format(n),
    percent: (ratio) => (ratio === null ? '—' : percent.format(ratio)),
    duration(ms) {
      const minutes = Math.max(0, Math.floor(ms / 60_000));
      const days = Math.floor(minutes / 1440);
      const hours = Math.floor((minutes % 1440) / 60);
      const mins = minutes % 60;
      if (minutes === 0) return `${number.format(Math.max(0, Math.floor(ms / 1000)))} ${units.s}`;
      const parts = days ? [[days, units.d], [hours, units.h]] : hours ? [[hours, units.h], [mins, units.m]] : [[mins, units.m]];
      return parts
        .filter(([n]) => n !== 0)
        .map(([n, unit]) => `${number.format(n as number)} ${unit as string}`)
        .join(' ');
    },
    iso: (at) => (at ? at.toISOString() : ''),
  };
  cache.set(language, formatters);
  return formatters;
}
