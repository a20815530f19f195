import { AD_STATUSES, isAdStatus, type AdStatus } from '../../../shared/domain/ads/ad-status.ts';
import { AI_VERDICT_FILTERS, type AdListFilters, type AdSourceFilter } from '../../../shared/domain/review/ad-list-query.ts';
import { addLocalDays, parseLocalDay } from '../../../shared/domain/review/local-day.ts';
import { text, type FormBody } from './form-values.ts';

/** The ads list's filter form (query string), shared by /ads and /ads.csv. */
export interface AdFilterForm {
  readonly status: string;
  readonly category: string;
  readonly from: string;
  readonly to: string;
  readonly source: string;
  readonly ai: string;
  readonly q: string;
  readonly sort: string;
}

export interface ParsedAdFilters {
  readonly filters: AdListFilters;
  /** The values to show back in the form (invalid ones blanked). */
  readonly form: AdFilterForm;
  /** Some value was not understood and was ignored. */
  readonly invalid: boolean;
}

/** `pending` = both pending states (the review queue). */
export const STATUS_FILTERS: readonly string[] = ['pending', ...AD_STATUSES];

export function parseAdFilters(query: FormBody): ParsedAdFilters {
  let invalid = false;
  const pick = <T>(value: string, parse: (v: string) => T | null): { value: string; parsed: T | null } => {
    if (!value) return { value: '', parsed: null };
    const parsed = parse(value);
    if (parsed === null) {
      invalid = true;
      return { value: '', parsed: null };
    }
    return { value, parsed };
  };
  const status = pick(text(query, 'status'), (v): AdStatus[] | null => (v === 'pending' ? ['pending_ai', 'pending_manual'] : isAdStatus(v) ? [v] : null));
  const category = pick(text(query, 'category'), (v) => (/^\d{1,9}$/.test(v) ? Number(v) : null));
  const from = pick(text(query, 'from'), parseLocalDay);
  const to = pick(text(query, 'to'), parseLocalDay);
  const source = pick(text(query, 'source'), parseSource);
  const ai = pick(text(query, 'ai'), (v) => ((AI_VERDICT_FILTERS as readonly string[]).includes(v) ? v : null));
  const q = text(query, 'q').trim().slice(0, 200);
  const sort = text(query, 'sort') === 'oldest' ? 'oldest' : 'newest';
  const filters: AdListFilters = {
    ...(status.parsed ? { statuses: status.parsed } : {}),
    ...(category.parsed !== null ? { categoryId: category.parsed } : {}),
    ...(from.parsed ? { from: from.parsed } : {}),
    ...(to.parsed ? { to: addLocalDays(to.parsed, 1) } : {}),
    ...(source.parsed ? { source: source.parsed } : {}),
    ...(ai.parsed ? { aiVerdict: ai.parsed } : {}),
    ...(q ? { q } : {}),
    sort,
  };
  return {
    filters,
    form: { status: status.value, category: category.value, from: from.value, to: to.value, source: source.value, ai: ai.value, q, sort },
    invalid,
  };
}

function parseSource(value: string): AdSourceFilter | null {
  if (value === 'bot' || value === 'partner') return { kind: value };
  const match = /^(bot|partner):(\d{1,9})$/.exec(value);
  if (!match) return null;
  return match[1] === 'bot' ? { kind: 'bot', botId: Number(match[2]) } : { kind: 'partner', partnerClientId: Number(match[2]) };
}

/** The query string of a filter form, without empty values, with extra keys (cursor) set. */
export function filterQuery(form: AdFilterForm, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...form, ...extra })) {
    if (value && !(key === 'sort' && value === 'newest')) params.set(key, value);
  }
  const query = params.toString();
  return query ? `?${query}` : '';
}
