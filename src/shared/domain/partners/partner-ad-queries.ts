import type { Db, Prisma } from '../../db/prisma-types.ts';
import type { AdStatus } from '../ads/ad-status.ts';

/**
 * The partner API's reads. Keyset pagination, newest first: each page is ordered by
 * (sort time DESC, id DESC) and the next page starts strictly after the last item's key, so
 * rows inserted while a client pages (always newer than the key) never shift later pages:
 * nothing is skipped or repeated. The queries walk the indexes Ad(createdAt, id) and
 * Ad(approvedAt, id) backwards.
 */
export interface PageKey {
  readonly at: Date;
  readonly id: string;
}

export interface Page<T> {
  readonly items: T[];
  /** The key of the last item when there are more, else null. */
  readonly next: PageKey | null;
}

export interface ClientAdRow {
  readonly id: string;
  readonly status: string;
  readonly categorySlug: string | null;
  readonly createdAt: Date;
  readonly decidedAt: Date | null;
  readonly rejectionReason: string | null;
}

export interface PublishedAdRow {
  readonly id: string;
  readonly categorySlug: string | null;
  readonly content: string;
  readonly approvedAt: Date;
  /** Paths under /media of the generated images for the ad's current content, when rendered. */
  readonly feedImagePath: string | null;
  readonly storyImagePath: string | null;
}

export interface CategoryWithCount {
  readonly slug: string;
  readonly nameFa: string;
  readonly nameEn: string;
  readonly approvedCount: number;
}

const clientAdSelect = {
  id: true,
  status: true,
  createdAt: true,
  decidedAt: true,
  rejectionReason: true,
  category: { select: { slug: true } },
} satisfies Prisma.AdSelect;

type ClientAdRecord = Prisma.AdGetPayload<{ select: typeof clientAdSelect }>;

/** One of the client's own ads; another client's ad is the same as no ad. */
export async function findClientAd(db: Db, partnerClientId: number, adId: string): Promise<ClientAdRow | null> {
  const row = await db.ad.findUnique({ where: { id: adId }, select: { ...clientAdSelect, partnerClientId: true } });
  if (!row || row.partnerClientId !== partnerClientId) return null;
  return toClientAdRow(row);
}

export interface ListClientAdsQuery {
  readonly partnerClientId: number;
  readonly status?: AdStatus;
  readonly categoryId?: number;
  readonly limit: number;
  readonly after?: PageKey;
}

export async function listClientAds(db: Db, query: ListClientAdsQuery): Promise<Page<ClientAdRow>> {
  const rows = await db.ad.findMany({
    where: {
      partnerClientId: query.partnerClientId,
      ...(query.status ? { status: query.status } : {}),
      ...(query.categoryId !== undefined ? { categoryId: query.categoryId } : {}),
      ...(query.after ? keysetAfter('createdAt', query.after) : {}),
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: query.limit + 1,
    select: clientAdSelect,
  });
  return toPage(rows.map(toClientAdRow), query.limit, (row) => ({ at: row.createdAt, id: row.id }));
}

/**
 * What the public sees: approved, past its scheduled publish time (if any) and not past its
 * expiry (the expiry sweep may not have run yet).
 */
export function publishedAdWhere(now: Date): Prisma.AdWhereInput {
  return { status: 'approved', shadowed: false, AND: publishedAdTimeConditions(now) };
}

function publishedAdTimeConditions(now: Date): Prisma.AdWhereInput[] {
  return [
    { approvedAt: { not: null } },
    { OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
    { OR: [{ publishAt: null }, { publishAt: { lte: now } }] },
  ];
}

export interface ListPublishedAdsQuery {
  readonly now: Date;
  readonly limit: number;
  readonly after?: PageKey;
}

/** Where a first page starts: after every real approval time (as a keyset, see keysetAfter). */
const BEFORE_EVERYTHING: PageKey = { at: new Date('9999-12-31T23:59:59.999Z'), id: '' };

interface PublishedAdSqlRow {
  id: string;
  content: string;
  approvedAt: Date | string | number;
  categorySlug: string | null;
  feedImagePath: string | null;
  storyImagePath: string | null;
}

/**
 * The hottest read of the product, so ONE SQL statement (the ad, its category's slug and the
 * paths of its current feed and story images) rather than a Prisma query with relations: that
 * would be three statements, each compiled by Prisma 6's query compiler on every call.
 * The conditions are publishedAdWhere's, spelled out in SQL. `NOT (status <> 'approved')` means
 * `status = 'approved'`, written so that SQLite's planner cannot pick Ad(status, createdAt)
 * (then sort every approved ad) and walks Ad(approvedAt, id) backwards instead, stopping after
 * one page; PostgreSQL folds it back into an equality and plans by cost.
 */
export async function listPublishedAds(db: Db, query: ListPublishedAdsQuery): Promise<Page<PublishedAdRow>> {
  const after = query.after ?? BEFORE_EVERYTHING;
  const rows = await db.$queryRaw<PublishedAdSqlRow[]>`
    SELECT a."id", a."content", a."approvedAt", c."slug" AS "categorySlug",
      (SELECT m."path" FROM "Media" m WHERE m."adId" = a."id" AND m."kind" = 'feed' AND m."contentVersion" = a."contentVersion") AS "feedImagePath",
      (SELECT m."path" FROM "Media" m WHERE m."adId" = a."id" AND m."kind" = 'story' AND m."contentVersion" = a."contentVersion") AS "storyImagePath"
    FROM "Ad" a LEFT JOIN "Category" c ON c."id" = a."categoryId"
    WHERE NOT (a."status" <> 'approved') AND a."shadowed" = FALSE
      AND a."approvedAt" IS NOT NULL
      AND (a."expiresAt" IS NULL OR a."expiresAt" > ${query.now})
      AND (a."publishAt" IS NULL OR a."publishAt" <= ${query.now})
      AND a."approvedAt" <= ${after.at} AND (a."approvedAt" < ${after.at} OR a."id" < ${after.id})
    ORDER BY a."approvedAt" DESC, a."id" DESC
    LIMIT ${query.limit + 1}`;
  const items = rows.map((row): PublishedAdRow => ({
    id: row.id,
    categorySlug: row.categorySlug,
    content: row.content,
    approvedAt: new Date(row.approvedAt),
    feedImagePath: row.feedImagePath,
    storyImagePath: row.storyImagePath,
  }));
  return toPage(items, query.limit, (row) => ({ at: row.approvedAt, id: row.id }));
}

/** Active categories in display order, each with its number of published ads (one grouped query). */
export async function listCategoriesWithCounts(db: Db, now: Date): Promise<CategoryWithCount[]> {
  const [categories, counts] = await Promise.all([
    db.category.findMany({
      where: { active: true },
      orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }],
      select: { id: true, slug: true, nameFa: true, nameEn: true },
    }),
    db.ad.groupBy({ by: ['categoryId'], where: publishedAdWhere(now), _count: { _all: true } }),
  ]);
  const byCategory = new Map(counts.map((c) => [c.categoryId, c._count._all]));
  return categories.map((c) => ({ slug: c.slug, nameFa: c.nameFa, nameEn: c.nameEn, approvedCount: byCategory.get(c.id) ?? 0 }));
}

export async function findCategoryBySlug(db: Db, slug: string): Promise<{ id: number; active: boolean } | null> {
  return db.category.findUnique({ where: { slug }, select: { id: true, active: true } });
}

/**
 * Rows strictly after `key` in (field DESC, id DESC) order, written as `field <= at AND
 * (field < at OR id < id)` so that the first term is a plain index range.
 */
function keysetAfter(field: 'createdAt' | 'approvedAt', key: PageKey): Prisma.AdWhereInput {
  return {
    AND: [{ [field]: { lte: key.at } }, { OR: [{ [field]: { lt: key.at } }, { id: { lt: key.id } }] }],
  };
}

function toPage<T>(rows: T[], limit: number, keyOf: (row: T) => PageKey): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, next: rows.length > limit && last !== undefined ? keyOf(last) : null };
}

function toClientAdRow(row: ClientAdRecord): ClientAdRow {
  return {
    id: row.id,
    status: row.status,
    categorySlug: row.category?.slug ?? null,
    createdAt: row.createdAt,
    decidedAt: row.decidedAt,
    rejectionReason: row.rejectionReason,
  };
}
