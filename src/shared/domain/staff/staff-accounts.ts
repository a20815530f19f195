import type { Db, StaffUser } from '../../db/prisma-types.ts';
import { AppError } from '../../errors.ts';
import { issueToken, parseTokenPrefix, tokenMatches } from '../../crypto/keyed-token.ts';
import { recordAudit, type AuditActor } from '../audit/record-audit.ts';
import { generatePassword, hashPassword } from './passwords.ts';

export type StaffRole = 'admin' | 'moderator';

export async function createStaffUser(
  db: Db,
  input: { email: string; password: string; role: StaffRole; name?: string },
  actor: AuditActor,
): Promise<StaffUser> {
  const email = input.email.trim().toLowerCase();
  if (input.password.length < 8) throw new AppError('validation_failed', 'Password must be at least 8 characters', { fields: { password: 'at least 8 characters' } });
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    if (await tx.staffUser.findUnique({ where: { email } })) throw new AppError('conflict', `A staff account for ${email} already exists`);
    const user = await tx.staffUser.create({ data: { email, passwordHash, role: input.role, name: input.name ?? '' } });
    await recordAudit(tx, actor, 'staff.create', { targetType: 'staff', targetId: String(user.id), details: { email, role: input.role } });
    return user;
  });
}

export interface EnsureAdminResult {
  readonly created: boolean;
  readonly email?: string;
  /** Only when generated: printed once, never stored in clear. */
  readonly generatedPassword?: string;
}

/** First start: makes sure an admin exists (ADMIN_EMAIL/ADMIN_PASSWORD, or a generated login). */
export async function ensureAdmin(db: Db, env: { email?: string; password?: string }): Promise<EnsureAdminResult> {
  if ((await db.staffUser.count({ where: { role: 'admin', active: true } })) > 0) return { created: false };
  const email = env.email ?? 'admin@localhost';
  const generatedPassword = env.password ? undefined : generatePassword();
  try {
    await createStaffUser(db, { email, password: env.password ?? generatedPassword ?? '', role: 'admin', name: 'Admin' }, { type: 'system' });
  } catch (error) {
    // Another process bootstrapped the admin at the same moment.
    if (error instanceof AppError && error.code === 'conflict') return { created: false };
    throw error;
  }
  return { created: true, email, ...(generatedPassword ? { generatedPassword } : {}) };
}

/** Issues a staff API token: returned once, stored as a hash. */
export async function createStaffToken(db: Db, email: string, actor: AuditActor, name = ''): Promise<string> {
  const user = await db.staffUser.findUnique({ where: { email: email.trim().toLowerCase() } });
  if (!user || !user.active) throw new AppError('not_found', `No active staff account for ${email}`);
  const issued = issueToken('st');
  await db.$transaction(async (tx) => {
    await tx.staffToken.create({ data: { staffUserId: user.id, prefix: issued.prefix, hash: issued.hash, name } });
    await recordAudit(tx, actor, 'staff.token_create', { targetType: 'staff', targetId: String(user.id) });
  });
  return issued.token;
}

/** The staff user a bearer token belongs to, or null. One indexed lookup, constant-time compare. */
export async function findStaffByToken(db: Db, token: string): Promise<StaffUser | null> {
  const prefix = parseTokenPrefix('st', token);
  if (!prefix) return null;
  const row = await db.staffToken.findUnique({ where: { prefix }, include: { staffUser: true } });
  if (!row || row.revokedAt || !row.staffUser.active || !tokenMatches(token, row.hash)) return null;
  return row.staffUser;
}
