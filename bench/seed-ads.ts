import crypto from 'node:crypto';
import type { Db } from '../src/shared/db/prisma-types.ts';
import type { DatabaseProvider } from '../src/shared/db/create-db.ts';

/**
 * Approved ads for the partner-read scenario, written in bulk (createMany in chunks), not
 * through the API: each with a category, approval times spread over the last 25 days (none
 * expired), and its two generated images (feed, story) as the publishing step would leave them.
 * Plain multi-row INSERTs: Prisma's createMany takes minutes for this on SQLite.
 */
/** Rows per INSERT: 14 parameters each stays far below both databases' limits. */
const CHUNK = 1_000;
const DAY_MS = 86_400_000;

const SNIPPETS = [
  'آپارتمان دو خوابه نزدیک پارک، ۸۵ متر، طبقه سوم با آسانسور.',
  'Experienced bookkeeper wanted for a small shop, part time, central area.',
  'فروش دوچرخه کوهستان تقریبا نو با ضمانت، قیمت مناسب.',
  'Weekend English conversation club, all levels welcome, first session free.',
  'خدمات لوله‌کشی و تعمیرات ساختمان، پاسخگویی شبانه‌روزی.',
  'Second-hand laptop, 16 GB RAM, good battery, charger included.',
];

export async function seedApprovedAds(db: Db, provider: DatabaseProvider, count: number): Promise<number> {
  const categories = await db.category.findMany({ select: { id: true } });
  const now = Date.now();
  const seededAt = new Date(now);
  let written = 0;
  for (let start = 0; start < count; start += CHUNK) {
    const size = Math.min(CHUNK, count - start);
    const ads: unknown[][] = [];
    const media: unknown[][] = [];
    for (let i = 0; i < size; i += 1) {
      const n = start + i;
      const id = crypto.randomUUID();
      const approvedAt = new Date(now - DAY_MS * 25 * ((count - n) / count) - 60_000);
      const createdAt = new Date(approvedAt.getTime() - 3_600_000);
      ads.push([
        id,
        id.slice(0, 8),
        'approved',
        n % 3 === 0 ? 'partner' : 'telegram',
        `${SNIPPETS[n % SNIPPETS.length]} #${n}`,
        n % 2 === 0 ? 'fa' : 'en',
        categories[n % categories.length]?.id ?? null,
        `+98912${String(1_000_000 + (n % 9_000_000)).padStart(7, '0')}`,
        'approve',
        approvedAt,
        approvedAt,
        new Date(approvedAt.getTime() + 30 * DAY_MS),
        createdAt,
        seededAt,
      ]);
      for (const [kind, width, height] of [['feed', 1080, 1350], ['story', 1080, 1920]] as const) {
        media.push([id, kind, 1, `${kind}/${id}-v1.jpg`, 'image/jpeg', width, height, 150_000, seededAt]);
      }
    }
    await insertRows(db, provider, 'Ad', AD_COLUMNS, ads);
    await insertRows(db, provider, 'Media', MEDIA_COLUMNS, media);
    written += size;
  }
  // PostgreSQL plans by statistics: without them (before autovacuum's first analyze of the new
  // rows) the newest-first page is planned as a scan of every approved ad. A real database
  // that grew to this size has them.
  if (provider === 'postgresql') await db.$executeRawUnsafe('ANALYZE');
  return written;
}

const AD_COLUMNS = [
  'id', 'code', 'status', 'source', 'content', 'language', 'categoryId', 'contactPhone', 'aiVerdict',
  'decidedAt', 'approvedAt', 'expiresAt', 'createdAt', 'updatedAt',
];
const MEDIA_COLUMNS = ['adId', 'kind', 'contentVersion', 'path', 'mime', 'width', 'height', 'bytes', 'createdAt'];

/** One multi-row INSERT (Dates are converted by the driver adapter, as for Prisma's own writes). */
async function insertRows(db: Db, provider: DatabaseProvider, table: string, columns: readonly string[], rows: readonly unknown[][]): Promise<void> {
  const params: unknown[] = [];
  const placeholder = provider === 'postgresql' ? () => `$${params.length}` : () => '?';
  const values = rows.map((row) => `(${row.map((value) => {
    params.push(value);
    return placeholder();
  }).join(', ')})`);
  await db.$executeRawUnsafe(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES ${values.join(', ')}`, ...params);
}
