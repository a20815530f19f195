import { InstagramError } from './instagram-error.ts';
import { createGraphRequester } from './graph-request.ts';

export type ContainerStatusCode = 'IN_PROGRESS' | 'FINISHED' | 'ERROR' | 'EXPIRED' | 'PUBLISHED';

export interface InstagramClientOptions {
  /** Graph root including the version (INSTAGRAM_GRAPH_URL), e.g. https://graph.facebook.com/v21.0 */
  readonly graphUrl: string;
  readonly fetch?: typeof fetch;
  /** Deadline per attempt, default 15000 ms. */
  readonly timeoutMs?: number;
  /** Retries after network errors, timeouts, 429 and 5xx; default 2. */
  readonly retries?: number;
  /** First retry backoff, default 500 ms (doubling). */
  readonly backoffMs?: number;
}

interface Call {
  readonly token: string;
  readonly signal?: AbortSignal;
}

export interface InstagramClient {
  getMe(token: string, options?: { signal?: AbortSignal }): Promise<{ id: string; username: string }>;
  /** Creates a media container: Meta fetches `imageUrl` (public HTTPS, JPEG) during this call. */
  createContainer(input: Call & { userId: string; imageUrl: string; caption?: string; mediaType?: 'IMAGE' | 'STORIES'; isCarouselItem?: boolean }): Promise<{ containerId: string }>;
  /** A CAROUSEL container over 2–10 FINISHED item containers (made with `isCarouselItem`), in order. */
  createCarouselContainer(input: Call & { userId: string; children: readonly string[]; caption?: string }): Promise<{ containerId: string }>;
  getContainerStatus(input: Call & { containerId: string }): Promise<{ containerId: string; statusCode: ContainerStatusCode; status: string | undefined }>;
  /** Publishes a FINISHED container; publishing the same container again fails instead of posting twice. */
  publishContainer(input: Call & { userId: string; containerId: string }): Promise<{ mediaId: string }>;
  getPublishingLimit(input: Call & { userId: string }): Promise<{ quotaUsage: number; quotaTotal: number; quotaDurationSeconds: number }>;
  deleteMedia(input: Call & { mediaId: string }): Promise<void>;
}

const STATUS_CODES: readonly ContainerStatusCode[] = ['IN_PROGRESS', 'FINISHED', 'ERROR', 'EXPIRED', 'PUBLISHED'];

function invalid(operation: string, message: string): InstagramError {
  return new InstagramError(`Instagram ${operation} failed: ${message}`, { operation, kind: 'invalid_argument', retryable: false, attempts: 0 });
}

function graphId(operation: string, name: string, value: string): string {
  if (!/^\d{1,30}$/.test(value)) throw invalid(operation, `${name} must be a numeric Graph id`);
  return value;
}

function malformed(operation: string, what: string): InstagramError {
  return new InstagramError(`Instagram ${operation} failed: unexpected reply (${what})`, { operation, kind: 'malformed', retryable: true, attempts: 1 });
}

function stringField(value: unknown, key: string): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const field = (value as Record<string, unknown>)[key];
  return typeof field === 'string' ? field : typeof field === 'number' ? String(field) : undefined;
}

/** The Instagram Graph API (content publishing) over global fetch. */
export function createInstagramClient(options: InstagramClientOptions): InstagramClient {
  const request = createGraphRequester(options);

  return {
    async getMe(token, callOptions = {}) {
      const body = await request({ operation: 'getMe', method: 'GET', path: '/me', token, query: { fields: 'id,username' }, signal: callOptions.signal });
      const id = stringField(body, 'id');
      if (!id) throw malformed('getMe', 'no id');
      return { id, username: stringField(body, 'username') ?? '' };
    },

    async createContainer(input) {
      const operation = 'createContainer';
      const userId = graphId(operation, 'userId', input.userId);
      if (!input.imageUrl) throw invalid(operation, 'imageUrl is required');
      const form: Record<string, string> = { image_url: input.imageUrl };
      if (input.caption !== undefined) form.caption = input.caption;
      // Images are the default; Meta only takes media_type for other kinds (STORIES, REELS, ...).
      if (input.mediaType === 'STORIES') form.media_type = 'STORIES';
      if (input.isCarouselItem) form.is_carousel_item = 'true';
      const body = await request({ operation, method: 'POST', path: `/${userId}/media`, token: input.token, form, signal: input.signal });
      const containerId = stringField(body, 'id');
      if (!containerId) throw malformed(operation, 'no container id');
      return { containerId };
    },

    async createCarouselContainer(input) {
      const operation = 'createContainer';
      const userId = graphId(operation, 'userId', input.userId);
      if (input.children.length < 2 || input.children.length > 10) throw invalid(operation, 'a carousel has 2 to 10 children');
      const children = input.children.map((id) => graphId(operation, 'children', id)).join(',');
      const form: Record<string, string> = { media_type: 'CAROUSEL', children };
      if (input.caption !== undefined) form.caption = input.caption;
      const body = await request({ operation, method: 'POST', path: `/${userId}/media`, token: input.token, form, signal: input.signal });
      const containerId = stringField(body, 'id');
      if (!containerId) throw malformed(operation, 'no container id');
      return { containerId };
    },

    async getContainerStatus(input) {
      const operation = 'getContainerStatus';
      const containerId = graphId(operation, 'containerId', input.containerId);
      const body = await request({ operation, method: 'GET', path: `/${containerId}`, token: input.token, query: { fields: 'id,status_code,status' }, signal: input.signal });
      const statusCode = stringField(body, 'status_code') as ContainerStatusCode | undefined;
      if (!statusCode || !STATUS_CODES.includes(statusCode)) throw malformed(operation, `status_code ${String(statusCode)}`);
      return { containerId, statusCode, status: stringField(body, 'status') };
    },

    async publishContainer(input) {
      const operation = 'publishContainer';
      const userId = graphId(operation, 'userId', input.userId);
      const containerId = graphId(operation, 'containerId', input.containerId);
      const body = await request({ operation, method: 'POST', path: `/${userId}/media_publish`, token: input.token, form: { creation_id: containerId }, signal: input.signal });
      const mediaId = stringField(body, 'id');
      if (!mediaId) throw malformed(operation, 'no media id');
      return { mediaId };
    },

    async getPublishingLimit(input) {
      const operation = 'getPublishingLimit';
      const userId = graphId(operation, 'userId', input.userId);
      const body = await request({ operation, method: 'GET', path: `/${userId}/content_publishing_limit`, token: input.token, query: { fields: 'quota_usage,config' }, signal: input.signal });
      const entry = (body as { data?: unknown } | undefined)?.data;
      const first = Array.isArray(entry) ? (entry[0] as { quota_usage?: unknown; config?: { quota_total?: unknown; quota_duration?: unknown } } | undefined) : undefined;
      if (!first || typeof first.quota_usage !== 'number') throw malformed(operation, 'no quota_usage');
      return {
        quotaUsage: first.quota_usage,
        quotaTotal: typeof first.config?.quota_total === 'number' ? first.config.quota_total : 0,
        quotaDurationSeconds: typeof first.config?.quota_duration === 'number' ? first.config.quota_duration : 86_400,
      };
    },

    async deleteMedia(input) {
      const operation = 'deleteMedia';
      const mediaId = graphId(operation, 'mediaId', input.mediaId);
      const body = await request({ operation, method: 'DELETE', path: `/${mediaId}`, token: input.token, signal: input.signal });
      if ((body as { success?: unknown } | undefined)?.success !== true) throw malformed(operation, 'success is not true');
    },
  };
}
