import { z } from 'zod';
import { AD_STATUSES } from '../../shared/domain/ads/ad-status.ts';
import { AppError } from '../../shared/errors.ts';

/** Bodies and queries of the staff API (CONTRACT.md §3); problems → 422 with `fields`. */
const reasonText = z.string().trim().min(1, { error: 'must not be empty' }).max(1000, { error: 'at most 1000 characters' });

export const approveBody = z.object({
  content: z.string().max(8000, { error: 'at most 8000 characters' }).optional(),
  /** Approve for later: publish at this moment (ISO-8601 with a zone; future, at most 90 days ahead). */
  publishAt: z.iso.datetime({ offset: true, error: 'must be an ISO-8601 date and time with a zone, e.g. 2030-01-31T09:00:00Z' }).optional(),
});
export const rejectBody = z.object({ reason: reasonText });
export const revisionBody = z.object({ note: reasonText });
export const markPostedBody = z.object({ note: z.string().max(500).optional() });

export const bulkBody = z
  .object({
    action: z.enum(['approve', 'reject'], { error: 'must be "approve" or "reject"' }),
    uuids: z.array(z.string().min(1).max(64), { error: 'must be an array of ad uuids' }).min(1, { error: 'at least one uuid' }).max(100, { error: 'at most 100 uuids' }),
    reason: reasonText.optional(),
  })
  .refine((body) => body.action !== 'reject' || body.reason !== undefined, { path: ['reason'], error: 'required when rejecting' });

export const adListQuery = z.object({
  status: z.enum([...AD_STATUSES, 'pending'], { error: `one of: pending, ${AD_STATUSES.join(', ')}` }).optional(),
  q: z.string().max(200).optional(),
  code: z.string().regex(/^[0-9a-fA-F-]{1,36}$/, { error: 'a tracking code (hex)' }).optional(),
  limit: z.coerce.number({ error: 'a number from 1 to 100' }).int({ error: 'a whole number' }).min(1, { error: 'at least 1' }).max(100, { error: 'at most 100' }).default(50),
  cursor: z.string().max(300).optional(),
});

export function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, what: 'body' | 'query'): T {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const name = issue.path.map(String).join('.') || what;
    fields[name] ??= issue.message;
  }
  throw new AppError('validation_failed', `The request ${what} is not valid`, { fields });
}
