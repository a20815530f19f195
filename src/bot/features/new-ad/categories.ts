import type { Db } from '../../../shared/db/prisma-types.ts';
import type { Language } from '../../../shared/domain/notifications/languages.ts';
import type { CategoryOption } from '../../keyboards/flow-keyboards.ts';

/** Active categories in their order, labelled in the user's language. */
export async function activeCategories(db: Db, language: Language): Promise<CategoryOption[]> {
  const rows = await db.category.findMany({ where: { active: true }, orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }], select: { id: true, nameFa: true, nameEn: true } });
  return rows.map((row) => ({ id: row.id, label: language === 'fa' ? row.nameFa : row.nameEn }));
}

export async function categoryLabel(db: Db, id: number | null | undefined, language: Language): Promise<string | null> {
  if (id === null || id === undefined) return null;
  const row = await db.category.findUnique({ where: { id }, select: { nameFa: true, nameEn: true } });
  if (!row) return null;
  return language === 'fa' ? row.nameFa : row.nameEn;
}

export async function isActiveCategory(db: Db, id: number): Promise<boolean> {
  return (await db.category.count({ where: { id, active: true } })) === 1;
}
