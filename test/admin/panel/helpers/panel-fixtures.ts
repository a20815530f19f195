import type { Ad } from '../../../../src/shared/db/prisma-types.ts';
import type { StaffRole } from '../../../../src/shared/domain/staff/staff-accounts.ts';
import { createStaffToken } from '../../../../src/shared/domain/staff/staff-accounts.ts';
import { hashPassword } from '../../../../src/shared/domain/staff/passwords.ts';
import { submitAd, type SubmitAdInput } from '../../../../src/shared/domain/ads/submit-ad.ts';
import type { Runtime } from '../../../../src/shared/runtime/create-runtime.ts';

export const TEST_PASSWORD = 'correct horse battery';

let testPasswordHash: Promise<string> | null = null;

/**
 * A staff account with the test password. The argon2 hash is computed once per test process
 * (each hash costs about half a second); creating accounts through the panel is tested on its own.
 */
export async function createStaff(runtime: Runtime, email: string, role: StaffRole, options: { language?: 'fa' | 'en' } = {}) {
  testPasswordHash ??= hashPassword(TEST_PASSWORD);
  return runtime.database.db.staffUser.create({
    data: { email, role, name: email.split('@')[0] ?? '', passwordHash: await testPasswordHash, language: options.language ?? 'fa' },
  });
}

export function tokenFor(runtime: Runtime, email: string): Promise<string> {
  return createStaffToken(runtime.database.db, email, { type: 'system' }, 'test');
}

/** An ad submitted the real way, then moved to `pending_manual` as moderation would. */
export async function createPendingAd(runtime: Runtime, input: Partial<SubmitAdInput> & { content: string }, status: 'pending_ai' | 'pending_manual' = 'pending_manual'): Promise<Ad> {
  const { ad } = await submitAd({ db: runtime.database.db, jobs: runtime.jobs }, { source: 'partner', ...input });
  if (status === 'pending_ai') return ad;
  return runtime.database.db.ad.update({ where: { id: ad.id }, data: { status, aiVerdict: 'approve', aiReason: 'looks fine' } });
}
