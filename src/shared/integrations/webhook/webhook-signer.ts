import crypto from 'node:crypto';

/**
 * The outbound webhook signature: `X-Signature: sha256=<hex HMAC-SHA256 of the exact body bytes,
 * keyed with webhook.secret>`. Partners recompute it over the raw body before parsing it.
 */
export const SIGNATURE_HEADER = 'X-Signature';

export function signWebhookBody(body: string | Buffer, secret: string): string {
  return `sha256=${crypto.createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** Constant-time check of a received signature header (what a partner, or a test, does). */
export function verifyWebhookSignature(body: string | Buffer, secret: string, header: string | null | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(signWebhookBody(body, secret));
  const given = Buffer.from(header.trim());
  return expected.length === given.length && crypto.timingSafeEqual(expected, given);
}
