import type { DatabaseProvider } from '../../../src/shared/db/create-db.ts';
import { createPartnerClient } from '../../../src/shared/domain/partners/partner-clients.ts';
import { decideAd, type Decision } from '../../../src/shared/domain/ads/decide-ad.ts';
import { SYSTEM_ACTOR } from '../../../src/shared/domain/audit/record-audit.ts';
import { createTestRuntime, startTestWebServer, type TestRuntime, type TestServer } from '../../helpers/test-runtime.ts';

/**
 * The real web app on a fresh database, with helpers to call the partner API as a partner.
 * The per-IP limit (120/min) is real: each caller sends its own `X-Forwarded-For` address
 * (the app trusts it from loopback, as it would from a local reverse proxy), so tests and
 * workers do not share one IP bucket unless they mean to.
 */
export interface PartnerApiFixture {
  readonly runtime: TestRuntime;
  readonly server: TestServer;
  newPartner(options?: { name?: string; rateLimitPerMin?: number }): Promise<Partner>;
  caller(key?: string, ip?: string): Caller;
  decide(adId: string, decision: Decision): Promise<void>;
  close(): Promise<void>;
}

export interface Partner {
  readonly id: number;
  readonly key: string;
}

export interface ApiResponse {
  readonly status: number;
  readonly headers: Headers;
  /** Parsed JSON, or the raw text when the body is not JSON. */
  readonly body: unknown;
  readonly contentType: string;
}

export interface RequestOptions {
  readonly method?: 'GET' | 'POST';
  /** Sent as JSON unless it is a string (then as is). */
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

export interface Caller {
  readonly ip: string;
  request(path: string, options?: RequestOptions): Promise<ApiResponse>;
  submit(body: unknown): Promise<ApiResponse>;
  get(path: string): Promise<ApiResponse>;
}

let ipCounter = 0;

/** A fresh private address per call, for one caller's own per-IP bucket. */
export function freshIp(): string {
  ipCounter += 1;
  return `10.${(ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;
}

export async function startPartnerApi(provider: DatabaseProvider): Promise<PartnerApiFixture> {
  const runtime = await createTestRuntime(provider);
  const server = await startTestWebServer(runtime);
  let partners = 0;
  return {
    runtime,
    server,
    async newPartner(options = {}) {
      partners += 1;
      const { client, key } = await createPartnerClient(
        runtime.database.db,
        { name: options.name ?? `partner ${partners}`, ...(options.rateLimitPerMin ? { rateLimitPerMin: options.rateLimitPerMin } : {}) },
        { type: 'system' },
      );
      return { id: client.id, key };
    },
    caller(key, ip = freshIp()) {
      return makeCaller(server.url, key, ip);
    },
    async decide(adId, decision) {
      await decideAd({ db: runtime.database.db, jobs: runtime.jobs, settings: runtime.settings }, adId, decision, SYSTEM_ACTOR);
    },
    async close() {
      await server.close();
      await runtime.close();
    },
  };
}

function makeCaller(baseUrl: string, key: string | undefined, ip: string): Caller {
  const caller: Caller = {
    ip,
    async request(path, options = {}) {
      const headers: Record<string, string> = { 'x-forwarded-for': ip, ...(key ? { 'x-api-key': key } : {}) };
      let body: string | undefined;
      if (options.body !== undefined) {
        body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
        headers['content-type'] = 'application/json';
      }
      const response = await fetch(`${baseUrl}${path}`, { method: options.method ?? (body === undefined ? 'GET' : 'POST'), headers: { ...headers, ...options.headers }, body });
      const text = await response.text();
      const contentType = response.headers.get('content-type') ?? '';
      let parsed: unknown = text;
      if (contentType.includes('json')) parsed = JSON.parse(text) as unknown;
      return { status: response.status, headers: response.headers, body: parsed, contentType };
    },
    submit(body) {
      return caller.request('/api/v1/submit', { method: 'POST', body });
    },
    get(path) {
      return caller.request(path);
    },
  };
  return caller;
}

/** Asserts nothing; returns the error body when `response` has CONTRACT.md §3's error shape, else null. */
export function errorShapeOf(response: ApiResponse): { code: string; message: string; fields?: Record<string, string> } | null {
  if (!response.contentType.includes('application/json')) return null;
  const body = response.body as { error?: { code?: unknown; message?: unknown; fields?: unknown } } | null;
  const error = body?.error;
  if (!body || typeof body !== 'object' || Object.keys(body).length !== 1 || !error || typeof error !== 'object') return null;
  if (typeof error.code !== 'string' || !/^[a-z][a-z0-9_]*$/.test(error.code) || typeof error.message !== 'string') return null;
  const extra = Object.keys(error).filter((k) => !['code', 'message', 'fields'].includes(k));
  if (extra.length > 0) return null;
  if (error.fields !== undefined) {
    if (!error.fields || typeof error.fields !== 'object' || Array.isArray(error.fields)) return null;
    if (!Object.values(error.fields).every((v) => typeof v === 'string')) return null;
  }
  return error as { code: string; message: string; fields?: Record<string, string> };
}

/** Walks every page of a listing; returns the uuids in order. */
export async function walkPages(caller: Caller, path: string, limit: number): Promise<string[]> {
  const uuids: string[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 10_000; page += 1) {
    const separator = path.includes('?') ? '&' : '?';
    const response = await caller.get(`${path}${separator}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
    const body = response.body as { items: Array<{ uuid: string }>; nextCursor: string | null };
    uuids.push(...body.items.map((item) => item.uuid));
    cursor = body.nextCursor;
    if (!cursor) return uuids;
  }
  throw new Error('too many pages');
}
