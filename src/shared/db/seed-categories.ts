import type { Db } from './prisma-types.ts';

/** The six categories of the reference system; created once, never overwritten. */
export const DEFAULT_CATEGORIES = [
  { slug: 'job-vacancy', nameFa: 'استخدام', nameEn: 'Job vacancy', hashtag: 'استخدام', sortOrder: 10 },
  { slug: 'rent', nameFa: 'اجاره', nameEn: 'Rent', hashtag: 'اجاره', sortOrder: 20 },
  { slug: 'events', nameFa: 'رویدادها', nameEn: 'Events', hashtag: 'رویداد', sortOrder: 30 },
  { slug: 'services', nameFa: 'خدمات', nameEn: 'Services', hashtag: 'خدمات', sortOrder: 40 },
  { slug: 'sale', nameFa: 'فروش', nameEn: 'Sale', hashtag: 'فروش', sortOrder: 50 },
  { slug: 'other', nameFa: 'سایر', nameEn: 'Other', hashtag: 'سایر', sortOrder: 60 },
] as const;

export async function seedCategories(db: Db): Promise<number> {
  let created = 0;
  for (const category of DEFAULT_CATEGORIES) {
    const existing = await db.category.findUnique({ where: { slug: category.slug }, select: { id: true } });
    if (existing) continue;
    await db.category.upsert({ where: { slug: category.slug }, create: { ...category }, update: {} });
    created += 1;
  }
  return created;
}
