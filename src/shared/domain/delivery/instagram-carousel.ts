import type { InstagramClient } from '../../integrations/instagram/instagram-client.ts';
import type { InstagramState } from './delivery-state.ts';
import type { PublishOutcome } from './delivery-outcome.ts';
import { mediaUrlProblem } from './media-url.ts';
import { pollDelayMs } from './delivery-options.ts';
import type { PublishContext } from './publish-context.ts';

/**
 * The first half of a carousel post (an ad with 2–10 photos), before the CAROUSEL container
 * exists; from then on it is an ordinary container (polled, published exactly once by
 * instagram-container-flow.ts). Each step records what it made at once:
 * 1. one item container (`is_carousel_item=true`) per photo, in order, each id saved in
 *    `state.instagram.children` right after it is known — a crash in between leaves an unused
 *    item container behind (it can never be published on its own), never a second post;
 * 2. wait until every child is FINISHED (an ERROR/EXPIRED child fails the attempt; a retry
 *    starts over with new children);
 * 3. the CAROUSEL container over the children, with the caption; its id is saved as the
 *    delivery's container, and the normal flow takes over.
 */
export interface CarouselFlow {
  readonly ctx: PublishContext;
  readonly client: InstagramClient;
  readonly userId: string;
  readonly token: string;
  readonly caption: string;
}

export interface CarouselImage {
  readonly position: number;
  readonly imageUrl: string;
}

export async function advanceCarousel(flow: CarouselFlow, ig: InstagramState, images: readonly CarouselImage[]): Promise<PublishOutcome> {
  const { ctx } = flow;
  for (const image of images) {
    const problem = mediaUrlProblem(image.imageUrl, ctx.services.mediaUrlCheck);
    if (problem) return { kind: 'failed', error: problem };
  }
  const children = [...(ig.children ?? [])];
  if (children.length < images.length) return createChildren(flow, ig, images, children);
  return createCarouselContainer(flow, ig, children);
}

async function createChildren(flow: CarouselFlow, ig: InstagramState, images: readonly CarouselImage[], children: Array<NonNullable<InstagramState['children']>[number]>): Promise<PublishOutcome> {
  const { ctx, client, token, userId } = flow;
  let state: InstagramState = { ...ig, phase: 'creating', polls: 0, containerCreatedAt: ig.containerCreatedAt ?? new Date().toISOString() };
  for (const image of images) {
    if (children.some((child) => child.position === image.position)) continue;
    await ctx.hook('createContainer', 'before');
    await ctx.attempt.begin({ state: { instagram: state } });
    const { containerId } = await client.createContainer({ token, userId, imageUrl: image.imageUrl, isCarouselItem: true, signal: ctx.signal });
    await ctx.hook('createContainer', 'after');
    children.push({ position: image.position, containerId, imageUrl: image.imageUrl });
    state = { ...state, children: [...children].sort((a, b) => a.position - b.position) };
    // Recorded at once, in its own transaction.
    await ctx.attempt.save({ state: { instagram: state } });
  }
  return { kind: 'wait', reason: `the ${children.length} carousel items were created and are being processed`, delayMs: pollDelayMs(ctx.options, 1) };
}

async function createCarouselContainer(flow: CarouselFlow, ig: InstagramState, children: NonNullable<InstagramState['children']>): Promise<PublishOutcome> {
  const { ctx, client, token, userId } = flow;
  const polls = (ig.childPolls ?? 0) + 1;
  // Every child is checked in each round (not just up to the first one still processing).
  let processing: (typeof children)[number] | null = null;
  for (const child of children) {
    await ctx.hook('getContainerStatus', 'before');
    const { statusCode, status } = await client.getContainerStatus({ token, containerId: child.containerId, signal: ctx.signal });
    await ctx.hook('getContainerStatus', 'after');
    if (statusCode === 'ERROR' || statusCode === 'EXPIRED' || statusCode === 'PUBLISHED') {
      return {
        kind: 'failed',
        error: `Instagram carousel item ${child.containerId} (photo ${child.position + 1}) is ${statusCode}${status ? `: ${status}` : ''}`,
        patch: { containerId: null, state: { instagram: { failedContainerId: child.containerId } } },
      };
    }
    if (statusCode === 'IN_PROGRESS') processing ??= child;
  }
  if (processing) {
    const age = Date.now() - Date.parse(ig.containerCreatedAt ?? new Date().toISOString());
    if (age > ctx.options.instagramPollTimeoutMs) {
      return {
        kind: 'failed',
        error: `the Instagram carousel item ${processing.containerId} was still processing after ${Math.round(age / 1000)} s (${polls} checks)`,
        patch: { containerId: null, state: { instagram: { failedContainerId: processing.containerId } } },
      };
    }
    return {
      kind: 'wait',
      reason: `the Instagram carousel items are processing (check ${polls})`,
      delayMs: pollDelayMs(ctx.options, polls + 1),
      patch: { state: { instagram: { ...ig, phase: 'polling', childPolls: polls } } },
    };
  }
  await ctx.hook('createContainer', 'before');
  await ctx.attempt.begin({ state: { instagram: { ...ig, phase: 'creating' } } });
  const { containerId } = await client.createCarouselContainer({ token, userId, children: children.map((child) => child.containerId), caption: flow.caption, signal: ctx.signal });
  await ctx.hook('createContainer', 'after');
  const next: InstagramState = { ...ig, phase: 'polling', containerId, imageUrl: children[0]?.imageUrl, polls: 0, containerCreatedAt: new Date().toISOString() };
  // From here on this carousel container is the only one that is ever published.
  await ctx.attempt.save({ containerId, state: { instagram: next } });
  return { kind: 'wait', reason: 'the Instagram carousel container was created and is being processed', delayMs: pollDelayMs(ctx.options, 1) };
}
