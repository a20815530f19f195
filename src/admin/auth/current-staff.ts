import type { Response } from 'express';
import type { StaffUser } from '../../shared/db/prisma-types.ts';
import type { StaffRole } from '../../shared/domain/staff/staff-accounts.ts';
import type { AuditActor } from '../../shared/domain/audit/record-audit.ts';

/** The staff member a request acts for, and how they proved it. */
export interface CurrentStaff {
  readonly id: number;
  readonly email: string;
  readonly name: string;
  readonly role: StaffRole;
  readonly language: 'fa' | 'en';
  readonly via: 'session' | 'token';
}

const KEY = 'agahiStaff';

export function toCurrentStaff(user: StaffUser, via: CurrentStaff['via']): CurrentStaff {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role === 'admin' ? 'admin' : 'moderator',
    language: user.language === 'en' ? 'en' : 'fa',
    via,
  };
}

export function setCurrentStaff(res: Response, staff: CurrentStaff): void {
  res.locals[KEY] = staff;
}

export function findCurrentStaff(res: Response): CurrentStaff | null {
  return (res.locals[KEY] as CurrentStaff | undefined) ?? null;
}

/** For handlers behind an access check: the staff member, always present there. */
export function currentStaff(res: Response): CurrentStaff {
  const staff = findCurrentStaff(res);
  if (!staff) throw new Error('currentStaff() used on a route without an access check');
  return staff;
}

export function staffActor(res: Response, ip: string | undefined): AuditActor {
  return { type: 'staff', id: String(currentStaff(res).id), ...(ip ? { ip } : {}) };
}
