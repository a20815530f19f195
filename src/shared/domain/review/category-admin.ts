import type { Category, Db } from '../../db/prisma-types.ts';
import { AppError } from '../../errors.ts';
import { recordAudit, type AuditActor } from '../audit/record-audit.ts';

export interface CategoryInput {
  readonly slug: string;
  readonly nameFa: string;
  readonly nameEn: string;
  readonly hashtag: string;
  readonly sortOrder: number;
  readonly active: boolean;
}

export function listCategories(db: Db, options: { activeOnly?: boolean } = {}): Promise<Category[]> {
  return db.category.findMany({ where: options.activeOnly ? { active: true } : {}, orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }] });
}

export function validateCategory(input: CategoryInput): CategoryInput {
  const fields: Record<string, string> = {};
  const clean = {
    slug: input.slug.trim().toLowerCase(),
    nameFa: input.nameFa.trim(),
    nameEn: input.nameEn.trim(),
    hashtag: input.hashtag.trim().replace(/^#+/, '').replace(/\s+/g, '_'),
    sortOrder: input.sortOrder,
    active: input.active,
  };
  if (!/^[a-z0-9][a-z0-9-]{0,39}$/.test(clean.slug)) fields.slug = 'lowercase letters, digits and dashes (1–40)';
  if (!clean.nameFa || clean.nameFa.length > 60) fields.nameFa = '1–60 characters';
  if (!clean.nameEn || clean.nameEn.length > 60) fields.nameEn = '1–60 characters';
  if (clean.hashtag.length > 40) fields.hashtag = 'at most 40 characters';
  if (!Number.isInteger(clean.sortOrder) || Math.abs(clean.sortOrder) > 100_000) fields.sortOrder = 'a whole number';
  if (Object.keys(fields).length) throw new AppError('validation_failed', 'The category is not valid', { fields });
  return clean;
}

export async function createCategory(db: Db, input: CategoryInput, actor: AuditActor): Promise<Category> {
  const data = validateCategory(input);
  return db.$transaction(async (tx) => {
    if (await tx.category.findUnique({ where: { slug: data.slug } })) {
      throw new AppError('validation_failed', 'A category with this slug exists', { fields: { slug: 'already used' } });
    }
    const category = await tx.category.create({ data });
    await recordAudit(tx, actor, 'category.create', { targetType: 'category', targetId: String(category.id), details: data });
    return category;
  });
}

/** Updates names, hashtag, order and active flag (the slug is what partners use: it stays). */
export async function updateCategory(db: Db, id: number, input: Omit<CategoryInput, 'slug'>, actor: AuditActor): Promise<Category> {
  return db.$transaction(async (tx) => {
    const existing = await tx.category.findUnique({ where: { id } });
    if (!existing) throw new AppError('not_found', 'Category not found');
    const { slug: _slug, ...data } = validateCategory({ ...input, slug: existing.slug });
    const category = await tx.category.update({ where: { id }, data });
    await recordAudit(tx, actor, 'category.update', { targetType: 'category', targetId: String(id), details: data });
    return category;
  });
}
