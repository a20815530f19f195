import type http from 'node:http';
import { performance } from 'node:perf_hooks';
import type { CallLog } from '../shared/call-log.ts';
import { jsonReply, runExchange, writeReply, type HttpReply } from '../shared/exchange.ts';
import { describeFault, type CommonFault, type FaultRegistry } from '../shared/faults.ts';
import { BodyParseError, readRequestBody } from '../shared/request-body.ts';
import type { InstagramCall } from './call-record.ts';
import { graphErrors } from './graph-errors.ts';
import { fetchAndCheckImage } from './image-check.ts';
import type { ContainerTiming, IgAccount, InstagramStore, MediaType } from './store.ts';

/** Faults only the Graph stand-in has. */
export type InstagramFault =
  /** Answer the 190 "Session has expired" error for this call. */
  | { readonly kind: 'expired_token' }
  /** (createContainer) the container is created, then ends in ERROR or EXPIRED instead of FINISHED. */
  | { readonly kind: 'container_outcome'; readonly status: 'ERROR' | 'EXPIRED' };

export interface InstagramLimits {
  readonly timing: ContainerTiming;
  readonly quotaTotal: number;
  readonly quotaDurationSeconds: number;
  readonly imageFetchTimeoutMs: number;
  readonly maxImageBytes: number;
  readonly maxCaptionLength: number;
  readonly maxHashtags: number;
}

export interface InstagramServerDeps {
  readonly store: InstagramStore;
  readonly log: CallLog<InstagramCall>;
  readonly faults: FaultRegistry<InstagramFault>;
  readonly lifetime: AbortSignal;
  readonly limits: () => InstagramLimits;
}

interface Route {
  readonly endpoint: string;
  readonly id: string;
}

function route(method: string, path: string, store: InstagramStore): Route | undefined {
  const parts = path.split('/').filter(Boolean);
  const [id, edge] = parts;
  if (!id || parts.length > 2) return undefined;
  if (parts.length === 1) {
    if (method === 'GET') {
      if (id === 'me') return { endpoint: 'me', id };
      if (store.containers.has(id)) return { endpoint: 'containerStatus', id };
      if (store.media.has(id)) return { endpoint: 'getMedia', id };
      return { endpoint: 'user', id };
    }
    if (method === 'DELETE') return { endpoint: 'deleteMedia', id };
    return undefined;
  }
  if (method === 'POST' && edge === 'media') return { endpoint: 'createContainer', id };
  if (method === 'POST' && edge === 'media_publish') return { endpoint: 'publish', id };
  if (method === 'GET' && edge === 'content_publishing_limit') return { endpoint: 'publishingLimit', id };
  if (method === 'GET' && edge === 'media') return { endpoint: 'listMedia', id };
  return undefined;
}

function isCommon(fault: CommonFault | InstagramFault | undefined): fault is CommonFault {
  return fault !== undefined && ['delay', 'hang', 'reset', 'status', 'malformed'].includes(fault.kind);
}

function fieldList(params: Record<string, unknown>, fallback: string[]): string[] {
  const fields = typeof params.fields === 'string' ? params.fields.split(',').map((f) => f.trim()).filter(Boolean) : [];
  return fields.length > 0 ? fields : fallback;
}

function pick(source: Record<string, unknown>, fields: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) if (source[field] !== undefined) out[field] = source[field];
  if (out.id === undefined && source.id !== undefined) out.id = source.id;
  return out;
}

export function createInstagramServer(deps: InstagramServerDeps): (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void> {
  const { store } = deps;

  /** media_type=CAROUSEL: `children` (comma-separated, or a JSON array) of 2–10 FINISHED item containers of this account. */
  function createCarousel(account: IgAccount, params: Record<string, unknown>, caption: string | undefined, limits: InstagramLimits): HttpReply {
    const raw = params.children;
    if (raw === undefined || raw === '') return graphErrors.missingParameter('children');
    let children: string[];
    if (Array.isArray(raw)) children = raw.map(String);
    else {
      const text = String(raw).trim();
      try {
        children = text.startsWith('[') ? (JSON.parse(text) as unknown[]).map(String) : text.split(',');
      } catch {
        return graphErrors.invalidParameter('Param children must be a list of container ids');
      }
    }
    children = children.map((id) => id.trim()).filter(Boolean);
    if (children.length < 2 || children.length > 10) return graphErrors.invalidParameter(`The carousel must have between 2 and 10 children, got ${children.length}`);
    for (const id of children) {
      const child = store.containers.get(id);
      if (!child || child.userId !== account.userId) return graphErrors.unsupported('post', id);
      if (!child.isCarouselItem) return graphErrors.invalidParameter(`Container ${id} was not created with is_carousel_item=true`);
      if (child.published) return graphErrors.alreadyPublished(id);
      const status = store.status(child, limits.timing, false);
      if (status === 'ERROR') return graphErrors.containerFailed();
      if (status === 'EXPIRED') return graphErrors.containerExpired();
      if (status !== 'FINISHED') return graphErrors.notReady();
    }
    const first = store.containers.get(children[0] ?? '');
    const container = store.createContainer(account, { mediaType: 'CAROUSEL', imageUrl: first?.imageUrl ?? '', caption, children });
    return jsonReply(200, { id: container.id });
  }

  async function handleRoute(r: Route, method: string, account: IgAccount, params: Record<string, unknown>, fault: InstagramFault | undefined, signal: AbortSignal): Promise<HttpReply> {
    const limits = deps.limits();
    const ownId = (id: string): boolean => id === account.userId;
    switch (r.endpoint) {
      case 'me':
      case 'user': {
        if (r.endpoint === 'user' && !ownId(r.id)) return graphErrors.unsupported('get', r.id);
        const profile = { id: account.userId, user_id: account.userId, username: account.username, name: account.username, account_type: 'BUSINESS', media_count: [...store.media.values()].filter((m) => m.userId === account.userId && !m.deleted).length };
        return jsonReply(200, pick(profile, fieldList(params, ['id'])));
      }
      case 'createContainer': {
        if (!ownId(r.id)) return graphErrors.unsupported('post', r.id);
        const mediaTypeRaw = typeof params.media_type === 'string' ? params.media_type.toUpperCase() : 'IMAGE';
        if (mediaTypeRaw !== 'IMAGE' && mediaTypeRaw !== 'STORIES' && mediaTypeRaw !== 'CAROUSEL') {
          return graphErrors.invalidParameter(`Param media_type must be one of {CAROUSEL, REELS, STORIES, VIDEO} - got "${mediaTypeRaw}"`);
        }
        const mediaType: MediaType = mediaTypeRaw;
        const caption = typeof params.caption === 'string' ? params.caption : undefined;
        if (caption !== undefined) {
          if ([...caption].length > limits.maxCaptionLength) return graphErrors.captionRejected(`The caption exceeds ${limits.maxCaptionLength} characters.`);
          const hashtags = caption.match(/#[\p{L}\p{N}_]+/gu)?.length ?? 0;
          if (hashtags > limits.maxHashtags) return graphErrors.captionRejected(`The caption has ${hashtags} hashtags; at most ${limits.maxHashtags} are allowed.`);
        }
        if (mediaType === 'CAROUSEL') return createCarousel(account, params, caption, limits);
        const imageUrl = typeof params.image_url === 'string' ? params.image_url : undefined;
        if (!imageUrl) return params.video_url ? graphErrors.invalidParameter('The stand-in supports image containers only') : graphErrors.missingParameter('image_url');
        const isCarouselItem = String(params.is_carousel_item ?? '').toLowerCase() === 'true';
        if (isCarouselItem && mediaType === 'STORIES') return graphErrors.invalidParameter('is_carousel_item cannot be used with media_type STORIES');
        const check = await fetchAndCheckImage(imageUrl, { timeoutMs: limits.imageFetchTimeoutMs, maxBytes: limits.maxImageBytes, mediaType, signal });
        if (!check.ok) return check.reply;
        // Meta ignores a caption on a carousel item: the carousel container carries it.
        const container = store.createContainer(account, { mediaType, imageUrl, caption: isCarouselItem ? undefined : caption, isCarouselItem });
        if (fault?.kind === 'container_outcome') container.outcome = fault.status;
        return jsonReply(200, { id: container.id });
      }
      case 'containerStatus': {
        const container = store.containers.get(r.id);
        if (!container || container.userId !== account.userId) return graphErrors.unsupported('get', r.id);
        const status = store.status(container, limits.timing, true);
        const view: Record<string, unknown> = {
          id: container.id,
          status_code: status,
          status: status === 'ERROR' ? 'Error: Media upload has failed with error code 2207001' : status === 'EXPIRED' ? 'Expired' : status === 'PUBLISHED' ? 'Published' : status === 'FINISHED' ? 'Finished' : 'In Progress',
          media_type: container.mediaType,
        };
        return jsonReply(200, pick(view, fieldList(params, ['id'])));
      }
      case 'publish': {
        if (!ownId(r.id)) return graphErrors.unsupported('post', r.id);
        const creationId = params.creation_id === undefined ? undefined : String(params.creation_id);
        if (!creationId) return graphErrors.missingParameter('creation_id');
        const container = store.containers.get(creationId);
        if (!container || container.userId !== account.userId) return graphErrors.unsupported('post', creationId);
        if (container.published) return graphErrors.alreadyPublished(creationId);
        if (container.isCarouselItem) return graphErrors.invalidParameter('A carousel item cannot be published on its own; publish the CAROUSEL container that lists it in children');
        const status = store.status(container, limits.timing, false);
        if (status === 'EXPIRED') return graphErrors.containerExpired();
        if (status === 'ERROR') return graphErrors.containerFailed();
        if (status !== 'FINISHED') return graphErrors.notReady();
        if (store.quotaUsage(account, limits.quotaDurationSeconds) >= limits.quotaTotal) return graphErrors.quotaReached();
        const media = store.publish(account, container);
        return jsonReply(200, { id: media.id });
      }
      case 'publishingLimit': {
        if (!ownId(r.id)) return graphErrors.unsupported('get', r.id);
        const fields = fieldList(params, ['quota_usage']);
        const entry: Record<string, unknown> = { quota_usage: store.quotaUsage(account, limits.quotaDurationSeconds) };
        if (fields.includes('config')) entry.config = { quota_total: limits.quotaTotal, quota_duration: limits.quotaDurationSeconds };
        return jsonReply(200, { data: [entry] });
      }
      case 'listMedia': {
        if (!ownId(r.id)) return graphErrors.unsupported('get', r.id);
        const items = [...store.media.values()].filter((m) => m.userId === account.userId && !m.deleted && m.mediaType !== 'STORIES').reverse();
        return jsonReply(200, { data: items.map((m) => pick(mediaView(m), fieldList(params, ['id']))) });
      }
      case 'getMedia': {
        const media = store.media.get(r.id);
        if (!media || media.userId !== account.userId || media.deleted) return graphErrors.unsupported('get', r.id);
        return jsonReply(200, pick(mediaView(media), fieldList(params, ['id'])));
      }
      case 'deleteMedia': {
        const media = store.media.get(r.id);
        if (method !== 'DELETE' || !media || media.userId !== account.userId || media.deleted) return graphErrors.unsupported('delete', r.id);
        media.deleted = true;
        return jsonReply(200, { success: true });
      }
      default:
        return graphErrors.unsupported('get', r.id);
    }
  }

  return async (req, res) => {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const versioned = /^\/v\d+\.\d+(\/.*)?$/.exec(url.pathname);
    const path = (versioned ? (versioned[1] ?? '/') : url.pathname).replace(/\/+$/, '') || '/';
    let fields: Record<string, unknown>;
    try {
      fields = { ...(await readRequestBody(req)).fields };
    } catch (error) {
      if (error instanceof BodyParseError && error.aborted) return;
      writeReply(res, graphErrors.invalidParameter('Could not parse the request body'));
      return;
    }
    const started = performance.now();
    const header = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim();
    const inQuery = url.searchParams.get('access_token') ?? undefined;
    const token = (typeof fields.access_token === 'string' ? fields.access_token : undefined) ?? header;
    const tokenVia: InstagramCall['tokenVia'] = inQuery ? 'query' : typeof fields.access_token === 'string' ? 'body' : header ? 'header' : undefined;
    delete fields.access_token;
    const account = token ? store.accountByToken(token) : undefined;
    const r = route(method, path, store);
    const endpoint = r?.endpoint ?? 'unknown';
    const record = deps.log.add({
      seq: deps.log.seq(),
      endpoint,
      method,
      path,
      at: new Date(),
      tokenVia,
      userId: account?.userId,
      params: fields,
      fault: undefined,
      effect: false,
      durationMs: undefined,
      response: undefined,
    });
    const fault = deps.faults.take(endpoint, [account?.userId, token]);
    record.fault = fault ? describeFault(fault as { kind: string } & Record<string, unknown>) : undefined;
    let effect = false;
    const outcome = await runExchange({
      res,
      fault: isCommon(fault) ? fault : undefined,
      lifetime: deps.lifetime,
      renderStatus: graphErrors.forStatus,
      effect: async () => {
        if (!token) return graphErrors.missingToken();
        if (!account) return graphErrors.invalidToken();
        if (account.expiredAt) return graphErrors.expiredToken(account.expiredAt);
        if (fault?.kind === 'expired_token') return graphErrors.expiredToken(new Date(Date.now() - 3_600_000));
        if (!r) return graphErrors.unsupported(method === 'POST' ? 'post' : method === 'DELETE' ? 'delete' : 'get', path.split('/')[1] ?? '');
        const reply = await handleRoute(r, method, account, fields, isCommon(fault) ? undefined : fault, deps.lifetime);
        effect = reply.status === 200;
        return reply;
      },
    });
    record.effect = outcome.effectRan && effect;
    if (outcome.reply) {
      record.durationMs = performance.now() - started;
      let body: unknown = outcome.reply.body.toString();
      try {
        body = JSON.parse(String(body));
      } catch {
        // keep text
      }
      record.response = { status: outcome.reply.status, body };
    }
    deps.log.publish(record);
  };
}

function mediaView(media: { id: string; mediaType: MediaType; caption: string | undefined; imageUrl: string; permalink: string; timestamp: string }): Record<string, unknown> {
  return {
    id: media.id,
    media_type: media.mediaType === 'CAROUSEL' ? 'CAROUSEL_ALBUM' : 'IMAGE',
    media_product_type: media.mediaType === 'STORIES' ? 'STORY' : 'FEED',
    caption: media.caption,
    media_url: media.imageUrl,
    permalink: media.permalink,
    timestamp: media.timestamp,
  };
}
