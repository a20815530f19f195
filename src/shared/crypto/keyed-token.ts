import crypto from 'node:crypto';

/**
 * Random tokens shown once and stored hashed: `<kind>_<prefix>_<secret>`. The prefix is stored
 * in clear and indexed, so a lookup is one indexed row, then a constant-time hash comparison
 * (no scan over all clients). Used for partner API keys (`pk`) and staff API tokens (`st`).
 */
export interface IssuedToken {
  readonly token: string;
  readonly prefix: string;
  readonly hash: string;
}

export function issueToken(kind: 'pk' | 'st'): IssuedToken {
  const prefix = crypto.randomBytes(6).toString('hex');
  const secret = crypto.randomBytes(24).toString('base64url');
  const token = `${kind}_${prefix}_${secret}`;
  return { token, prefix, hash: hashToken(token) };
}

export function parseTokenPrefix(kind: 'pk' | 'st', token: string): string | null {
  const match = new RegExp(`^${kind}_([0-9a-f]{12})_[A-Za-z0-9_-]{20,64}$`).exec(token);
  return match?.[1] ?? null;
}

export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

export function tokenMatches(token: string, storedHash: string): boolean {
  const actual = Buffer.from(hashToken(token), 'hex');
  const expected = Buffer.from(storedHash, 'hex');
  return actual.length === expected.length && crypto.timingSafeEqual(actual, expected);
}
