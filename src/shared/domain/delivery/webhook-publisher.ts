import { postWebhook, WebhookError } from '../../integrations/webhook/webhook-client.ts';
import { approvedAdEvent } from './webhook-payload.ts';
import type { WebhookState } from './delivery-state.ts';
import type { Publisher } from './publish-context.ts';

/**
 * `webhook`: one signed POST of the approved ad to `webhook.url`. The body is built once and
 * stored with the row before the first send, so every re-send (after a 5xx, a timeout, or a crash
 * mid-call) carries the same bytes and the same X-Delivery-Id. 2xx → success; 5xx, 408, 429,
 * timeouts and network errors → retry with backoff; other 4xx → failed.
 */
export const publishWebhook: Publisher = async (ctx) => {
  const { ad, attempt, settings } = ctx;
  if (attempt.row.status === 'success') return { kind: 'success', externalId: attempt.row.externalId };
  const url = settings['webhook.url'];
  if (!url) return { kind: 'skipped', reason: 'webhook.url is not set' };
  const secret = settings['webhook.secret'];
  ctx.secret(secret);

  let stored: WebhookState | undefined = attempt.state.webhook;
  if (!stored) {
    const images = await ctx.services.images(ad.id, ['feed', 'story']);
    const event = approvedAdEvent(ad, {
      imageUrl: images.feed ? ctx.services.mediaUrl(settings, images.feed.path) : null,
      storyImageUrl: images.story ? ctx.services.mediaUrl(settings, images.story.path) : null,
    });
    stored = { deliveryId: event.deliveryId, body: JSON.stringify(event) };
  }
  const sends = (stored.sends ?? 0) + 1;

  await ctx.hook('post', 'before');
  await attempt.begin({ state: { webhook: { ...stored, sends } } });
  try {
    const { status } = await postWebhook({
      url,
      body: stored.body,
      deliveryId: stored.deliveryId,
      event: 'ad.approved',
      secret,
      timeoutMs: ctx.options.webhookTimeoutMs,
      signal: ctx.signal,
    });
    await ctx.hook('post', 'after');
    return { kind: 'success', externalId: stored.deliveryId, patch: { state: { webhook: { ...stored, sends, lastStatus: status } } } };
  } catch (error) {
    if (!(error instanceof WebhookError)) throw error;
    const patch = { state: { webhook: { ...stored, sends, ...(error.status !== null ? { lastStatus: error.status } : {}) } } };
    if (error.kind === 'rejected') return { kind: 'failed', error: error.message, patch };
    return { kind: 'retry', error: error.message, ...(error.retryAfterMs !== null ? { delayMs: error.retryAfterMs } : {}), patch };
  }
};
