import type { Db, Prisma } from '../../db/prisma-types.ts';
import { decodeIdCursor, encodeIdCursor } from './keyset-cursor.ts';

export interface AuditLogFilters {
  /** An exact action (`ad.approve`) or a prefix ending in a dot (`ad.`). */
  readonly action?: string;
  readonly actorType?: string;
  readonly actorId?: string;
  readonly targetId?: string;
  readonly from?: Date;
  readonly to?: Date;
}

/** Newest first by id (ids grow with time), keyset-paginated. */
export async function listAuditLog(db: Db, filters: AuditLogFilters, page: { limit: number; cursor?: string | null }) {
  const before = page.cursor ? decodeIdCursor(page.cursor) : null;
  const where: Prisma.AuditLogWhereInput = {
    ...(filters.action ? { action: filters.action.endsWith('.') ? { startsWith: filters.action } : filters.action } : {}),
    ...(filters.actorType ? { actorType: filters.actorType } : {}),
    ...(filters.actorId ? { actorId: filters.actorId } : {}),
    ...(filters.targetId ? { targetId: filters.targetId } : {}),
    ...(filters.from || filters.to ? { createdAt: { ...(filters.from ? { gte: filters.from } : {}), ...(filters.to ? { lt: filters.to } : {}) } } : {}),
    ...(before !== null ? { id: { lt: before } } : {}),
  };
  const rows = await db.auditLog.findMany({ where, orderBy: { id: 'desc' }, take: page.limit + 1 });
  const items = rows.slice(0, page.limit);
  const last = items.at(-1);
  const staffIds = [...new Set(items.filter((r) => r.actorType === 'staff' && r.actorId && /^\d+$/.test(r.actorId)).map((r) => Number(r.actorId)))];
  const staff = staffIds.length ? await db.staffUser.findMany({ where: { id: { in: staffIds } }, select: { id: true, email: true, name: true } }) : [];
  return {
    items,
    nextCursor: rows.length > page.limit && last ? encodeIdCursor(last.id) : null,
    actorNames: new Map(staff.map((s) => [String(s.id), s.name || s.email])),
  };
}
