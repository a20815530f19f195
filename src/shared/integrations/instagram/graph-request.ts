import { setTimeout as sleep } from 'node:timers/promises';
import { redactText } from '../../redact.ts';
import { InstagramError } from './instagram-error.ts';

export interface GraphRequesterOptions {
  /** Graph root including the version, e.g. https://graph.facebook.com/v21.0 */
  readonly graphUrl: string;
  readonly fetch?: typeof fetch;
  /** Deadline of each attempt (ms). */
  readonly timeoutMs?: number;
  /** Extra attempts after a retryable failure (network error, timeout, 429, 5xx). */
  readonly retries?: number;
  /** First backoff (ms), doubled per retry, with ±20 % jitter; a 429's Retry-After wins when longer. */
  readonly backoffMs?: number;
}

export interface GraphCall {
  /** Name of the client method, for messages (`createContainer`). */
  readonly operation: string;
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** Path under the Graph root, e.g. `/1784…/media`. */
  readonly path: string;
  readonly token: string;
  readonly query?: Readonly<Record<string, string>>;
  /** Sent as an application/x-www-form-urlencoded body. */
  readonly form?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal | undefined;
}

interface GraphErrorBody {
  message?: unknown;
  type?: unknown;
  code?: unknown;
  error_subcode?: unknown;
  fbtrace_id?: unknown;
  error_user_msg?: unknown;
  is_transient?: unknown;
}

/** Retry-After longer than this is not waited for: the error goes to the caller. */
const MAX_RETRY_AFTER_MS = 60_000;

function scrub(text: string, token: string): string {
  const withoutToken = token.length >= 8 ? text.split(token).join('<redacted>') : text;
  return redactText(withoutToken);
}

function sanitizedCause(error: unknown, token: string): Error {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 4; depth += 1) {
    if (current instanceof Error) {
      const code = (current as { code?: unknown }).code;
      parts.push(`${current.name}: ${current.message}${typeof code === 'string' ? ` (${code})` : ''}`);
      current = current.cause;
    } else {
      parts.push(String(current));
      break;
    }
  }
  const cause = new Error(scrub(parts.join(' <- '), token));
  cause.name = error instanceof Error ? error.name : 'Error';
  return cause;
}

function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/** Graph codes worth trying again later (throttling, transient server trouble, not-ready containers). */
function isRetryableGraph(status: number, code: number | undefined, subcode: number | undefined, transient: boolean): boolean {
  if (isRetryableStatus(status) || transient) return true;
  if (code === 9007 && subcode === 2207027) return true;
  return code === 1 || code === 2 || code === 4 || code === 17 || code === 32 || code === 341 || code === -1 || subcode === 2207003;
}

/**
 * One Graph API call with a deadline per attempt, bounded retries on network errors, timeouts,
 * 429 and 5xx, and every failure converted to an InstagramError. The token travels only in the
 * Authorization header, never in a URL.
 */
export function createGraphRequester(options: GraphRequesterOptions): (call: GraphCall) => Promise<unknown> {
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const retries = Math.max(0, options.retries ?? 2);
  const backoffMs = options.backoffMs ?? 500;
  const root = options.graphUrl.replace(/\/+$/, '');

  async function attempt(call: GraphCall, attemptNo: number): Promise<{ value: unknown } | { error: InstagramError; retryAfterMs?: number }> {
    const url = new URL(`${root}${call.path}`);
    for (const [key, value] of Object.entries(call.query ?? {})) url.searchParams.set(key, value);
    const fail = (message: string, details: Omit<ConstructorParameters<typeof InstagramError>[1], 'operation' | 'attempts'>): InstagramError =>
      new InstagramError(scrub(`Instagram ${call.operation} failed: ${message}`, call.token), { operation: call.operation, attempts: attemptNo, ...details });
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = call.signal ? AbortSignal.any([deadline, call.signal]) : deadline;
    let response: Response;
    let text: string;
    try {
      response = await doFetch(url, {
        method: call.method,
        headers: {
          authorization: `Bearer ${call.token}`,
          accept: 'application/json',
          ...(call.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
        ...(call.form ? { body: new URLSearchParams(call.form).toString() } : {}),
        signal,
      });
      text = await response.text();
    } catch (error) {
      if (call.signal?.aborted) return { error: fail('aborted by the caller', { kind: 'aborted', retryable: false, cause: sanitizedCause(error, call.token) }) };
      if (deadline.aborted) return { error: fail(`no answer within ${timeoutMs} ms`, { kind: 'timeout', retryable: true, cause: sanitizedCause(error, call.token) }) };
      const reason = sanitizedCause(error, call.token);
      return { error: fail(`network error (${reason.message})`, { kind: 'network', retryable: true, cause: reason }) };
    }
    let body: unknown;
    let parsed = true;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = false;
    }
    const graph = parsed && body !== null && typeof body === 'object' ? ((body as { error?: unknown }).error as GraphErrorBody | undefined) : undefined;
    const retryAfterHeader = Number(response.headers.get('retry-after') ?? '');
    const retryAfterMs = Number.isFinite(retryAfterHeader) && retryAfterHeader > 0 ? retryAfterHeader * 1000 : undefined;
    if (graph && typeof graph === 'object') {
      const code = typeof graph.code === 'number' ? graph.code : undefined;
      const subcode = typeof graph.error_subcode === 'number' ? graph.error_subcode : undefined;
      const message = typeof graph.message === 'string' ? graph.message : 'unknown Graph error';
      const userMessage = typeof graph.error_user_msg === 'string' ? scrub(graph.error_user_msg, call.token) : undefined;
      const codes = `code ${code ?? '?'}${subcode !== undefined ? `/${subcode}` : ''}, HTTP ${response.status}`;
      const error = fail(`${message}${userMessage ? ` (${userMessage})` : ''} [${codes}]`, {
        kind: 'graph',
        retryable: isRetryableGraph(response.status, code, subcode, graph.is_transient === true),
        httpStatus: response.status,
        graphCode: code,
        graphSubcode: subcode,
        graphType: typeof graph.type === 'string' ? graph.type : undefined,
        fbtraceId: typeof graph.fbtrace_id === 'string' ? graph.fbtrace_id : undefined,
        userMessage,
      });
      return retryAfterMs !== undefined ? { error, retryAfterMs } : { error };
    }
    if (!response.ok) {
      const error = fail(`HTTP ${response.status}${parsed ? '' : ' with a non-JSON body'}`, { kind: 'http', retryable: isRetryableStatus(response.status), httpStatus: response.status });
      return retryAfterMs !== undefined ? { error, retryAfterMs } : { error };
    }
    if (!parsed) return { error: fail(`malformed reply (HTTP ${response.status}, not JSON)`, { kind: 'malformed', retryable: true, httpStatus: response.status }) };
    return { value: body };
  }

  return async (call) => {
    for (let attemptNo = 1; ; attemptNo += 1) {
      const outcome = await attempt(call, attemptNo);
      if ('value' in outcome) return outcome.value;
      const { error } = outcome;
      const autoRetry =
        error.kind === 'network' || error.kind === 'timeout' || (error.httpStatus !== undefined && isRetryableStatus(error.httpStatus));
      if (!autoRetry || attemptNo > retries) throw error;
      if (outcome.retryAfterMs !== undefined && outcome.retryAfterMs > MAX_RETRY_AFTER_MS) throw error;
      const backoff = backoffMs * 2 ** (attemptNo - 1) * (0.8 + Math.random() * 0.4);
      const wait = Math.max(backoff, outcome.retryAfterMs ?? 0);
      try {
        await sleep(wait, undefined, call.signal ? { signal: call.signal } : undefined);
      } catch {
        throw error;
      }
    }
  };
}
