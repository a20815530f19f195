import type { Db, StaffToken } from '../../db/prisma-types.ts';
import { AppError } from '../../errors.ts';
import { issueToken } from '../../crypto/keyed-token.ts';
import { recordAudit, type AuditActor } from '../audit/record-audit.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import type { StaffRole } from './staff-accounts.ts';

/** Staff account management for the panel's /staff and /account pages. */
export const STAFF_ROLES: readonly StaffRole[] = ['admin', 'moderator'];
export const STAFF_LANGUAGES = ['fa', 'en'] as const;
export type StaffLanguage = (typeof STAFF_LANGUAGES)[number];

export function isStaffRole(value: string): value is StaffRole {
  return (STAFF_ROLES as readonly string[]).includes(value);
}

export function isStaffLanguage(value: string): value is StaffLanguage {
  return (STAFF_LANGUAGES as readonly string[]).includes(value);
}

export interface StaffListRow {
  readonly id: number;
  readonly email: string;
  readonly name: string;
  readonly role: string;
  readonly active: boolean;
  readonly language: string;
  readonly lastLoginAt: Date | null;
  readonly createdAt: Date;
  readonly tokens: ReadonlyArray<Pick<StaffToken, 'id' | 'name' | 'prefix' | 'lastUsedAt' | 'createdAt'>>;
}

/** Every staff account with its live (unrevoked) API tokens. */
export async function listStaff(db: Db): Promise<StaffListRow[]> {
  return db.staffUser.findMany({
    orderBy: { id: 'asc' },
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      active: true,
      language: true,
      lastLoginAt: true,
      createdAt: true,
      tokens: { where: { revokedAt: null }, orderBy: { id: 'asc' }, select: { id: true, name: true, prefix: true, lastUsedAt: true, createdAt: true } },
    },
  });
}

/**
 * Changes role and/or active flag. The last active admin can be neither demoted nor
 * deactivated (nobody could manage the panel any more). Deactivating ends the account's
 * sessions at once; its API tokens stop working because the account is inactive.
 */
export async function updateStaffAccess(db: Db, userId: number, changes: { role?: StaffRole; active?: boolean }, actor: AuditActor): Promise<void> {
  await db.$transaction(async (tx) => {
    const user = await tx.staffUser.findUnique({ where: { id: userId } });
    if (!user) throw new AppError('not_found', 'Staff account not found');
    const data = {
      ...(changes.role !== undefined && changes.role !== user.role ? { role: changes.role } : {}),
      ...(changes.active !== undefined && changes.active !== user.active ? { active: changes.active } : {}),
    };
    if (Object.keys(data).length === 0) return;
    const losesAdmin = user.role === 'admin' && user.active && (data.role === 'moderator' || data.active === false);
    if (losesAdmin && (await tx.staffUser.count({ where: { role: 'admin', active: true } })) <= 1) {
      throw new AppError('conflict', 'This is the last active admin; make another admin first');
    }
    await tx.staffUser.update({ where: { id: userId }, data });
    if (data.active === false) await tx.staffSession.deleteMany({ where: { staffUserId: userId } });
    await recordAudit(tx, actor, 'staff.update', { targetType: 'staff', targetId: String(userId), details: data });
  });
}

export async function setStaffLanguage(db: Db, userId: number, language: StaffLanguage): Promise<void> {
  await db.staffUser.update({ where: { id: userId }, data: { language } });
}

/** Changes the own password: the current one must be given. Other sessions of the account end. */
export async function changeOwnPassword(
  db: Db,
  userId: number,
  input: { current: string; next: string; keepSessionId?: string },
  actor: AuditActor,
): Promise<void> {
  const user = await db.staffUser.findUnique({ where: { id: userId } });
  if (!user) throw new AppError('not_found', 'Staff account not found');
  if (!(await verifyPassword(user.passwordHash, input.current))) {
    throw new AppError('validation_failed', 'The current password is wrong', { fields: { current: 'wrong password' } });
  }
  await setPassword(db, userId, input.next, actor, input.keepSessionId);
}

/** An admin sets a new password for an account (and ends its sessions). */
export async function setStaffPassword(db: Db, userId: number, password: string, actor: AuditActor): Promise<void> {
  if (!(await db.staffUser.findUnique({ where: { id: userId } }))) throw new AppError('not_found', 'Staff account not found');
  await setPassword(db, userId, password, actor);
}

async function setPassword(db: Db, userId: number, password: string, actor: AuditActor, keepSessionId?: string): Promise<void> {
  if (password.length < 8 || password.length > 200) {
    throw new AppError('validation_failed', 'Password must be 8–200 characters', { fields: { password: '8–200 characters' } });
  }
  const passwordHash = await hashPassword(password);
  await db.$transaction(async (tx) => {
    await tx.staffUser.update({ where: { id: userId }, data: { passwordHash } });
    await tx.staffSession.deleteMany({ where: { staffUserId: userId, ...(keepSessionId ? { sid: { not: keepSessionId } } : {}) } });
    await recordAudit(tx, actor, 'staff.password_change', { targetType: 'staff', targetId: String(userId) });
  });
}

/** Issues an API token for an account: returned once, stored as a hash. */
export async function issueStaffToken(db: Db, userId: number, name: string, actor: AuditActor): Promise<string> {
  const user = await db.staffUser.findUnique({ where: { id: userId } });
  if (!user || !user.active) throw new AppError('not_found', 'No active staff account');
  const label = name.trim().slice(0, 60);
  const issued = issueToken('st');
  await db.$transaction(async (tx) => {
    const row = await tx.staffToken.create({ data: { staffUserId: userId, prefix: issued.prefix, hash: issued.hash, name: label } });
    await recordAudit(tx, actor, 'staff.token_create', { targetType: 'staff', targetId: String(userId), details: { tokenId: row.id, prefix: issued.prefix, name: label } });
  });
  return issued.token;
}

export async function revokeStaffToken(db: Db, tokenId: number, actor: AuditActor): Promise<void> {
  await db.$transaction(async (tx) => {
    const token = await tx.staffToken.findUnique({ where: { id: tokenId } });
    if (!token) throw new AppError('not_found', 'Token not found');
    if (token.revokedAt) return;
    await tx.staffToken.update({ where: { id: tokenId }, data: { revokedAt: new Date() } });
    await recordAudit(tx, actor, 'staff.token_revoke', { targetType: 'staff', targetId: String(token.staffUserId), details: { tokenId, prefix: token.prefix } });
  });
}
