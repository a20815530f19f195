import type { Db, StaffUser } from '../../db/prisma-types.ts';
import { hashPassword, verifyPassword } from './passwords.ts';

let dummyHash: Promise<string> | null = null;

/**
 * Checks an email and password. Unknown or inactive accounts still cost one argon2 verify (of a
 * dummy hash), so the answer time does not tell which emails exist.
 */
export async function verifyStaffLogin(db: Db, email: string, password: string): Promise<StaffUser | null> {
  const user = await db.staffUser.findUnique({ where: { email: normalizeEmail(email) } });
  if (!user || !user.active) {
    dummyHash ??= hashPassword('not-a-real-password-0000');
    await verifyPassword(await dummyHash, password);
    return null;
  }
  return (await verifyPassword(user.passwordHash, password)) ? user : null;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
