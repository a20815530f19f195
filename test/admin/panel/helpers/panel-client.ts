/**
 * A tiny browser stand-in for HTTP-level panel tests: one cookie jar (the session cookie),
 * manual redirects, the CSRF token read from the last page, form posts and JSON calls.
 */
export interface PanelResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  json<T = unknown>(): T;
}

export class PanelClient {
  readonly baseUrl: string;
  #cookies = new Map<string, string>();
  #csrf: string | null = null;

  constructor(baseUrl: string) {
    this.baseUrl = baseUrl;
  }

  get csrf(): string | null {
    return this.#csrf;
  }

  cookieHeader(): string {
    return [...this.#cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request(method: string, path: string, init: { body?: string; headers?: Record<string, string> } = {}): Promise<PanelResponse> {
    const headers: Record<string, string> = { ...init.headers };
    if (this.#cookies.size && !('cookie' in headers)) headers.cookie = this.cookieHeader();
    const res = await fetchOnce(this.baseUrl + path, { method, redirect: 'manual', headers, ...(init.body !== undefined ? { body: init.body } : {}) });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair?.indexOf('=') ?? -1;
      if (!pair || eq < 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (/expires=Thu, 01 Jan 1970/i.test(line) || value === '') this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
    const text = await res.text();
    const token = /name="_csrf" value="([0-9a-f]+)"/.exec(text)?.[1];
    if (token) this.#csrf = token;
    return { status: res.status, headers: res.headers, text, json: <T>() => JSON.parse(text) as T };
  }

  get(path: string, headers: Record<string, string> = {}): Promise<PanelResponse> {
    return this.request('GET', path, { headers });
  }

  /** A form post with the CSRF token of the last page (unless `csrf: false`). */
  postForm(path: string, fields: Record<string, string | string[]> = {}, options: { csrf?: boolean | string } = {}): Promise<PanelResponse> {
    const params = new URLSearchParams();
    const token = typeof options.csrf === 'string' ? options.csrf : options.csrf === false ? null : this.#csrf;
    if (token) params.append('_csrf', token);
    for (const [key, value] of Object.entries(fields)) {
      for (const v of Array.isArray(value) ? value : [value]) params.append(key, v);
    }
    return this.request('POST', path, { body: params.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }

  /** JSON to the staff API with the session (and the CSRF header unless `csrf: false`). */
  postJson(path: string, body: unknown, options: { csrf?: boolean; bearer?: string; raw?: string } = {}): Promise<PanelResponse> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (options.csrf !== false && this.#csrf) headers['x-csrf-token'] = this.#csrf;
    if (options.bearer) headers.authorization = `Bearer ${options.bearer}`;
    return this.request('POST', path, { body: options.raw ?? JSON.stringify(body), headers });
  }

  async login(email: string, password: string): Promise<PanelResponse> {
    await this.get('/login');
    const res = await this.postForm('/login', { email, password });
    if (res.status !== 303) throw new Error(`login failed: ${res.status}`);
    await this.get('/');
    return res;
  }
}

/**
 * fetch, tried a second time when the kept-alive connection was closed by the server's idle
 * timeout just as it was reused (undici reports "fetch failed" / "other side closed" before
 * anything was sent back: the server never saw the request).
 */
async function fetchOnce(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    if (error instanceof TypeError && ['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE'].includes(cause?.code ?? '')) return fetch(url, init);
    throw error;
  }
}

/** A request with a bearer staff token and no cookies. */
export async function bearerFetch(baseUrl: string, method: string, path: string, token: string, body?: unknown): Promise<PanelResponse> {
  const res = await fetchOnce(baseUrl + path, {
    method,
    redirect: 'manual',
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: <T>() => JSON.parse(text) as T };
}
