import type { Db, Prisma } from '../../db/prisma-types.ts';
import type { DatabaseProvider } from '../../db/create-db.ts';
import type { AdStatus } from '../ads/ad-status.ts';
import { decodeTimeIdCursor, encodeTimeIdCursor } from './keyset-cursor.ts';

/**
 * The staff's view of ads: filters, search and keyset pagination over (createdAt, id), shared by
 * the panel list, its CSV export and `GET /api/staff/ads`.
 *
 * Search (`q`) is a substring match (SQL LIKE through Prisma `contains`; case-insensitive on
 * PostgreSQL through ILIKE, and for ASCII on SQLite) over the content, phone and email, plus a
 * prefix match on the tracking code and an exact match on the uuid. It reads rows in index
 * order and stops once a page is full, so a frequent word is fast and a rare one scans; a real
 * full-text index (SQLite FTS5 / PostgreSQL tsvector) would need a schema change. Prisma does not
 * escape LIKE wildcards, so a `%` or `_` typed into the search also matches any text there
 * (the results are a superset of the literal match; harmless for a staff search).
 */
export type AdSort = 'newest' | 'oldest';

export type AdSourceFilter =
  | { readonly kind: 'bot'; readonly botId?: number }
  | { readonly kind: 'partner'; readonly partnerClientId?: number };

export interface AdListFilters {
  /** Any of these statuses; empty or absent = every status. */
  readonly statuses?: readonly AdStatus[];
  readonly categoryId?: number;
  /** createdAt ≥ from */
  readonly from?: Date;
  /** createdAt < to */
  readonly to?: Date;
  readonly source?: AdSourceFilter;
  /** An AI verdict, or `none` for ads without one. */
  readonly aiVerdict?: string;
  readonly q?: string;
  /** Tracking code (CONTRACT.md §5): the first 8 characters of the uuid, or a prefix of it. */
  readonly code?: string;
  readonly sort?: AdSort;
  /** Also ads submitted under a shadow ban (the submitter's page); every review list leaves them out. */
  readonly includeShadowed?: boolean;
}

export interface AdListDeps {
  readonly db: Db;
  readonly provider: DatabaseProvider;
}

export const AD_LIST_SELECT = {
  id: true,
  code: true,
  status: true,
  source: true,
  content: true,
  language: true,
  categoryId: true,
  contactPhone: true,
  contactEmail: true,
  botId: true,
  partnerClientId: true,
  aiVerdict: true,
  aiReason: true,
  rejectionReason: true,
  createdAt: true,
  decidedAt: true,
  category: { select: { slug: true, nameFa: true, nameEn: true } },
} satisfies Prisma.AdSelect;

export type AdListRow = Prisma.AdGetPayload<{ select: typeof AD_LIST_SELECT }>;

export interface AdListPage {
  readonly items: AdListRow[];
  readonly nextCursor: string | null;
}

export const AI_VERDICT_FILTERS = ['approve', 'reject', 'unsure', 'unavailable', 'none'] as const;

export async function listAds(deps: AdListDeps, filters: AdListFilters, page: { limit: number; cursor?: string | null }): Promise<AdListPage> {
  const sort = filters.sort ?? 'newest';
  const direction = sort === 'newest' ? 'desc' : 'asc';
  const cursor = page.cursor ? decodeTimeIdCursor(page.cursor) : null;
  const take = page.limit + 1;
  const statuses = [...new Set(filters.statuses ?? [])];
  // One index range per status (status, createdAt), merged here: `status IN (…)` ordered by
  // createdAt would make the database sort every matching row before taking a page.
  const groups: Array<AdStatus | null> = statuses.length > 0 ? statuses : [null];
  const results = await Promise.all(
    groups.map((status) =>
      deps.db.ad.findMany({
        where: buildWhere(deps.provider, filters, status, cursor, sort),
        orderBy: [{ createdAt: direction }, { id: direction }],
        take,
        select: AD_LIST_SELECT,
      }),
    ),
  );
  const merged = results.flat().sort((a, b) => compareRows(a, b) * (sort === 'newest' ? -1 : 1));
  const items = merged.slice(0, page.limit);
  const last = items.at(-1);
  return { items, nextCursor: merged.length > page.limit && last ? encodeTimeIdCursor({ at: last.createdAt, id: last.id }) : null };
}

function compareRows(a: { createdAt: Date; id: string }, b: { createdAt: Date; id: string }): number {
  const byTime = a.createdAt.getTime() - b.createdAt.getTime();
  if (byTime !== 0) return byTime;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function buildWhere(
  provider: DatabaseProvider,
  filters: AdListFilters,
  status: AdStatus | null,
  cursor: { at: Date; id: string } | null,
  sort: AdSort,
): Prisma.AdWhereInput {
  const and: Prisma.AdWhereInput[] = [];
  if (status) and.push({ status });
  if (!filters.includeShadowed) and.push({ shadowed: false });
  if (filters.categoryId !== undefined) and.push({ categoryId: filters.categoryId });
  if (filters.from) and.push({ createdAt: { gte: filters.from } });
  if (filters.to) and.push({ createdAt: { lt: filters.to } });
  if (filters.source?.kind === 'bot') and.push(filters.source.botId !== undefined ? { source: 'bot', botId: filters.source.botId } : { source: 'bot' });
  if (filters.source?.kind === 'partner') {
    and.push(filters.source.partnerClientId !== undefined ? { source: 'partner', partnerClientId: filters.source.partnerClientId } : { source: 'partner' });
  }
  if (filters.aiVerdict) and.push({ aiVerdict: filters.aiVerdict === 'none' ? null : filters.aiVerdict });
  if (filters.code) and.push({ code: codeFilter(filters.code) });
  const q = filters.q?.trim();
  if (q) and.push({ OR: searchTerms(provider, q) });
  if (cursor) {
    // The bound on createdAt alone is what lets the database seek straight to the cursor in the
    // (status, createdAt) / (createdAt, id) index; the OR only breaks ties within one instant.
    and.push(
      sort === 'newest'
        ? { createdAt: { lte: cursor.at }, OR: [{ createdAt: { lt: cursor.at } }, { id: { lt: cursor.id } }] }
        : { createdAt: { gte: cursor.at }, OR: [{ createdAt: { gt: cursor.at } }, { id: { gt: cursor.id } }] },
    );
  }
  return and.length === 1 ? (and[0] as Prisma.AdWhereInput) : { AND: and };
}

function searchTerms(provider: DatabaseProvider, q: string): Prisma.AdWhereInput[] {
  const text = containsFilter(provider, q);
  const terms: Prisma.AdWhereInput[] = [{ content: text }, { contactPhone: { contains: q } }, { contactEmail: text }];
  if (/^[0-9a-f-]{4,36}$/i.test(q)) {
    const lower = q.toLowerCase();
    terms.push(lower.length === 36 ? { id: lower } : lower.length > 8 ? { id: { startsWith: lower } } : { code: codeFilter(lower) });
  }
  return terms;
}

/** An 8-character code is an equality on the indexed column; a shorter one a prefix. */
function codeFilter(code: string): Prisma.StringFilter {
  const lower = code.trim().toLowerCase();
  return lower.length === 8 ? { equals: lower } : { startsWith: lower };
}

function containsFilter(provider: DatabaseProvider, q: string): { contains: string } {
  if (provider === 'postgresql') {
    // The types describe the SQLite client, which has no `mode`; PostgreSQL's client accepts it (ILIKE).
    return { contains: q, mode: 'insensitive' } as { contains: string };
  }
  return { contains: q };
}
