import type { Db, PartnerClient } from '../../db/prisma-types.ts';
import { AppError } from '../../errors.ts';
import { issueToken } from '../../crypto/keyed-token.ts';
import { recordAudit, type AuditActor } from '../audit/record-audit.ts';

/** Partner API clients (CONTRACT.md §3): keys shown once, stored hashed, looked up by prefix. */
export const DEFAULT_PARTNER_RATE_LIMIT_PER_MIN = 60;
export const MAX_PARTNER_RATE_LIMIT_PER_MIN = 100_000;
const MAX_NAME_LENGTH = 100;

/** A client as the panel and the CLI show it: never the key or its hash. */
export interface PartnerClientSummary {
  readonly id: number;
  readonly name: string;
  readonly keyPrefix: string;
  readonly rateLimitPerMin: number;
  readonly active: boolean;
  readonly lastUsedAt: Date | null;
  readonly revokedAt: Date | null;
  readonly createdAt: Date;
}

export interface CreatePartnerClientInput {
  readonly name: string;
  readonly rateLimitPerMin?: number;
}

export interface CreatedPartnerClient {
  readonly client: PartnerClientSummary;
  /** The full key: returned once, never stored in clear. */
  readonly key: string;
}

export async function createPartnerClient(db: Db, input: CreatePartnerClientInput, actor: AuditActor): Promise<CreatedPartnerClient> {
  const name = validateName(input.name);
  const rateLimitPerMin = validateRateLimit(input.rateLimitPerMin ?? DEFAULT_PARTNER_RATE_LIMIT_PER_MIN);
  const issued = issueToken('pk');
  const row = await db.$transaction(async (tx) => {
    const created = await tx.partnerClient.create({ data: { name, keyPrefix: issued.prefix, keyHash: issued.hash, rateLimitPerMin } });
    await recordAudit(tx, actor, 'partner.create', {
      targetType: 'partner_client',
      targetId: String(created.id),
      details: { name, keyPrefix: issued.prefix, rateLimitPerMin },
    });
    return created;
  });
  return { client: toSummary(row), key: issued.token };
}

/** Revokes a client's key for good. Revoking a revoked client changes nothing and writes no audit row. */
export async function revokePartnerClient(db: Db, clientId: number, actor: AuditActor): Promise<PartnerClientSummary> {
  const row = await db.$transaction(async (tx) => {
    const existing = await tx.partnerClient.findUnique({ where: { id: clientId } });
    if (!existing) throw new AppError('not_found', `No partner client ${clientId}`);
    if (existing.revokedAt) return existing;
    const revoked = await tx.partnerClient.update({ where: { id: clientId }, data: { active: false, revokedAt: new Date() } });
    await recordAudit(tx, actor, 'partner.revoke', { targetType: 'partner_client', targetId: String(clientId), details: { name: existing.name } });
    return revoked;
  });
  return toSummary(row);
}

/** Every client, newest first (a handful of rows: no paging). */
export async function listPartnerClients(db: Db): Promise<PartnerClientSummary[]> {
  const rows = await db.partnerClient.findMany({ orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
  return rows.map(toSummary);
}

export function toSummary(row: PartnerClient): PartnerClientSummary {
  return {
    id: row.id,
    name: row.name,
    keyPrefix: row.keyPrefix,
    rateLimitPerMin: row.rateLimitPerMin,
    active: row.active,
    lastUsedAt: row.lastUsedAt,
    revokedAt: row.revokedAt,
    createdAt: row.createdAt,
  };
}

function validateName(raw: string): string {
  const name = raw.trim();
  if (!name || name.length > MAX_NAME_LENGTH || /[\u0000-\u001f\u007f-\u009f]/.test(name)) {
    throw new AppError('validation_failed', `Name must be 1–${MAX_NAME_LENGTH} characters without control characters`, {
      fields: { name: `must be 1–${MAX_NAME_LENGTH} characters without control characters` },
    });
  }
  return name;
}

function validateRateLimit(value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > MAX_PARTNER_RATE_LIMIT_PER_MIN) {
    throw new AppError('validation_failed', `Rate limit must be a whole number from 1 to ${MAX_PARTNER_RATE_LIMIT_PER_MIN} per minute`, {
      fields: { rateLimitPerMin: `must be a whole number from 1 to ${MAX_PARTNER_RATE_LIMIT_PER_MIN}` },
    });
  }
  return value;
}
