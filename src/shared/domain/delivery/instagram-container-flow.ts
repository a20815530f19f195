import { createInstagramClient, type InstagramClient } from '../../integrations/instagram/instagram-client.ts';
import { InstagramError } from '../../integrations/instagram/instagram-error.ts';
import { toLanguage } from '../notifications/languages.ts';
import type { ImageVariant } from '../images/image-template.ts';
import { instagramCaption } from './captions.ts';
import type { InstagramState } from './delivery-state.ts';
import { withPatch, type PublishOutcome } from './delivery-outcome.ts';
import { instagramFailureOutcome } from './instagram-outcome.ts';
import { mediaUrlProblem } from './media-url.ts';
import { pollDelayMs } from './delivery-options.ts';
import type { PublishContext, Publisher } from './publish-context.ts';
import { advanceCarousel } from './instagram-carousel.ts';
import { isAlbum } from '../ads/ad-photos.ts';

/**
 * Instagram feed and story publishing through a media container, which is what makes these two
 * channels exactly-once: Meta publishes a container at most once. Each run picks up where the
 * last one stopped, from the state recorded as soon as each id was known:
 * 1. a container is known → its status decides: PUBLISHED → success (even after a crash between
 *    the publish answer and recording it), FINISHED → publish, IN_PROGRESS → check again later
 *    (a fresh job, not an attempt), ERROR/EXPIRED → failed with the reason;
 * 2. no container → create one (the image URL must pass the media URL check) and record its id
 *    at once in its own short transaction — a crash in between leaves an unpublished container
 *    behind, never a second post;
 * 3. before publishing, read `content_publishing_limit`; when the quota is used up, wait.
 */
export interface InstagramKind {
  readonly variant: ImageVariant;
  readonly mediaType: 'IMAGE' | 'STORIES';
  readonly caption: boolean;
  /**
   * An ad with 2+ photos (an album): `carousel` posts them all as one carousel
   * (instagram-carousel.ts); `first_photo` posts the first one. Ads with 0–1 photos, or whose
   * photos can no longer be downloaded, use the generated image as before.
   */
  readonly album: 'carousel' | 'first_photo';
}

export function createInstagramPublisher(kind: InstagramKind): Publisher {
  return async (ctx) => {
    const { attempt, settings, options } = ctx;
    if (attempt.row.externalId || attempt.state.instagram?.publishedAt) {
      return { kind: 'success', externalId: attempt.row.externalId };
    }
    const userId = settings['instagram.userId'];
    const token = settings['instagram.accessToken'];
    if (!settings['instagram.enabled'] || !userId || !token) return { kind: 'skipped', reason: 'Instagram is not enabled or not configured' };
    ctx.secret(token);
    const client = createInstagramClient({ graphUrl: ctx.services.instagramGraphUrl, timeoutMs: options.instagramTimeoutMs, retries: 1 });
    const flow = { ctx, client, userId, token, kind };
    try {
      return await run(flow);
    } catch (error) {
      return instagramFailureOutcome(error, options);
    }
  };
}

interface Flow {
  readonly ctx: PublishContext;
  readonly client: InstagramClient;
  readonly userId: string;
  readonly token: string;
  readonly kind: InstagramKind;
}

async function run(flow: Flow): Promise<PublishOutcome> {
  const { ctx } = flow;
  const ig: InstagramState = ctx.attempt.state.instagram ?? {};
  if (ig.containerId) return continueContainer(flow, ig, ig.containerId);
  if (ctx.ad.status !== 'approved') return { kind: 'skipped', reason: `the ad was ${ctx.ad.status} before it was published` };
  if (isAlbum(ctx.ad.photos.length)) {
    // Downloaded from Telegram and converted once (Media photo_<position>), served under /media.
    const photos = await ctx.services.photoImages(ctx.ad);
    const urls = (photos ?? []).map((media, position) => ({ position, imageUrl: ctx.services.mediaUrl(ctx.settings, media.path) }));
    if (flow.kind.album === 'carousel' && isAlbum(urls.length)) return advanceCarousel({ ...flow, caption: captionOf(flow) }, ig, urls);
    if (flow.kind.album === 'first_photo' && urls[0]) return createContainer(flow, ig, urls[0].imageUrl);
  }
  return createContainer(flow, ig);
}

function captionOf(flow: Flow): string {
  const { ctx } = flow;
  return instagramCaption({
    content: ctx.ad.content,
    language: toLanguage(ctx.ad.language),
    category: ctx.ad.category,
    phone: ctx.ad.contactPhone,
    channelHandle: ctx.settings['telegram.channelHandle'],
  });
}

async function continueContainer(flow: Flow, ig: InstagramState, containerId: string): Promise<PublishOutcome> {
  const { ctx, client, token } = flow;
  const approved = ctx.ad.status === 'approved';
  await ctx.hook('getContainerStatus', 'before');
  const { statusCode, status } = await client.getContainerStatus({ token, containerId, signal: ctx.signal });
  await ctx.hook('getContainerStatus', 'after');
  switch (statusCode) {
    case 'PUBLISHED':
      // Published by an earlier run whose answer was lost: done, exactly once.
      return {
        kind: 'success',
        externalId: ig.mediaId ?? null,
        patch: { state: { instagram: { ...ig, phase: undefined, publishedAt: new Date().toISOString(), ...(ig.mediaId ? {} : { mediaIdUnknown: true }) } } },
      };
    case 'FINISHED':
      if (!approved) return { kind: 'skipped', reason: `the ad was ${ctx.ad.status} before it was published` };
      return publish(flow, ig, containerId);
    case 'IN_PROGRESS': {
      if (!approved) return { kind: 'skipped', reason: `the ad was ${ctx.ad.status} before it was published` };
      const polls = (ig.polls ?? 0) + 1;
      const age = Date.now() - Date.parse(ig.containerCreatedAt ?? new Date().toISOString());
      if (age > ctx.options.instagramPollTimeoutMs) {
        return {
          kind: 'failed',
          error: `the Instagram container ${containerId} was still processing after ${Math.round(age / 1000)} s (${polls} checks)`,
          patch: dropContainer(ig, containerId),
        };
      }
      return {
        kind: 'wait',
        reason: `the Instagram container is processing (check ${polls})`,
        delayMs: pollDelayMs(ctx.options, polls + 1),
        patch: { state: { instagram: { ...ig, phase: 'polling', polls } } },
      };
    }
    case 'ERROR':
    case 'EXPIRED':
      return {
        kind: 'failed',
        error: `Instagram container ${containerId} ${statusCode === 'ERROR' ? 'failed' : 'expired'}${status ? `: ${status}` : ''}`,
        patch: dropContainer(ig, containerId),
      };
  }
}

/** A single image container: the generated image of the kind's variant, or the given photo URL. */
async function createContainer(flow: Flow, ig: InstagramState, photoUrl?: string): Promise<PublishOutcome> {
  const { ctx, client, token, userId, kind } = flow;
  let imageUrl = photoUrl;
  if (imageUrl === undefined) {
    const images = await ctx.services.images(ctx.ad.id, [kind.variant]);
    const image = images[kind.variant];
    if (!image) return { kind: 'retry', error: `the ${kind.variant} image could not be generated` };
    imageUrl = ctx.services.mediaUrl(ctx.settings, image.path);
  }
  const problem = mediaUrlProblem(imageUrl, ctx.services.mediaUrlCheck);
  if (problem) return { kind: 'failed', error: problem };
  const caption = kind.caption ? captionOf(flow) : undefined;

  await ctx.hook('createContainer', 'before');
  await ctx.attempt.begin({ state: { instagram: { ...ig, phase: 'creating', imageUrl, polls: 0 } } });
  const { containerId } = await client.createContainer({ token, userId, imageUrl, mediaType: kind.mediaType, ...(caption !== undefined ? { caption } : {}), signal: ctx.signal });
  await ctx.hook('createContainer', 'after');
  const next: InstagramState = { ...ig, phase: 'polling', containerId, imageUrl, polls: 0, containerCreatedAt: new Date().toISOString() };
  // Recorded at once, in its own transaction: from here on this container is the only one published.
  await ctx.attempt.save({ containerId, state: { instagram: next } });
  return { kind: 'wait', reason: 'the Instagram container was created and is being processed', delayMs: pollDelayMs(ctx.options, 1) };
}

async function publish(flow: Flow, ig: InstagramState, containerId: string): Promise<PublishOutcome> {
  const { ctx, client, token, userId } = flow;
  await ctx.hook('getPublishingLimit', 'before');
  const limit = await client.getPublishingLimit({ token, userId, signal: ctx.signal });
  await ctx.hook('getPublishingLimit', 'after');
  if (limit.quotaTotal > 0 && limit.quotaUsage >= limit.quotaTotal) {
    const quotaWaits = (ig.quotaWaits ?? 0) + 1;
    if (quotaWaits > ctx.options.instagramMaxQuotaWaits) {
      return { kind: 'failed', error: `the Instagram publishing limit (${limit.quotaTotal} per ${limit.quotaDurationSeconds / 3600} h) stayed reached; retry later` };
    }
    return {
      kind: 'wait',
      reason: `the Instagram publishing limit is reached (${limit.quotaUsage}/${limit.quotaTotal} in ${limit.quotaDurationSeconds / 3600} h)`,
      delayMs: ctx.options.instagramQuotaWaitMs,
      patch: { state: { instagram: { ...ig, quotaWaits } } },
    };
  }

  await ctx.hook('publishContainer', 'before');
  const publishing: InstagramState = { ...ig, phase: 'publishing' };
  await ctx.attempt.begin({ state: { instagram: publishing } });
  let mediaId: string;
  try {
    ({ mediaId } = await client.publishContainer({ token, userId, containerId, signal: ctx.signal }));
  } catch (error) {
    if (!(error instanceof InstagramError)) throw error;
    const outcome = instagramFailureOutcome(error, ctx.options);
    const polling = { state: { instagram: { ...ig, phase: 'polling' } } };
    if (error.isTokenExpired || error.isQuotaReached || error.isNotReady) return withPatch(outcome, polling);
    // Any other failure (a timeout, a 5xx, a retry refused as "already published"): the container
    // tells whether it was published. If it cannot be asked now, the next run asks first.
    const after = await client.getContainerStatus({ token, containerId, signal: ctx.signal }).catch(() => null);
    if (after?.statusCode === 'PUBLISHED') {
      return { kind: 'success', externalId: null, patch: { state: { instagram: { ...ig, phase: undefined, publishedAt: new Date().toISOString(), mediaIdUnknown: true } } } };
    }
    const provenNotPublished = after?.statusCode === 'FINISHED' || after?.statusCode === 'IN_PROGRESS';
    return provenNotPublished ? withPatch(outcome, polling) : outcome;
  }
  await ctx.hook('publishContainer', 'after');
  return {
    kind: 'success',
    externalId: mediaId,
    patch: { state: { instagram: { ...publishing, phase: undefined, mediaId, publishedAt: new Date().toISOString(), quotaWaits: undefined } } },
  };
}

/** A failed container is forgotten (a retry makes a new one; a carousel also new children). */
function dropContainer(ig: InstagramState, containerId: string) {
  return { containerId: null, state: { instagram: { failedContainerId: containerId, ...(ig.imageUrl ? { imageUrl: ig.imageUrl } : {}) } } };
}
