/** One recorded OpenAI API call. */
export interface OpenAICall {
  readonly seq: number;
  /** `moderations`, `chat.completions`, `models`, or the path for unknown routes. */
  readonly endpoint: string;
  readonly method: string;
  readonly path: string;
  readonly at: Date;
  /** The key as sent, masked (`sk-***…abcd`), or undefined without an Authorization header. */
  readonly apiKey: string | undefined;
  readonly authorized: boolean;
  /** The parsed JSON request body. */
  readonly body: Record<string, unknown>;
  /** The SDK's `x-stainless-retry-count` header (0 on the first attempt). */
  readonly retryCount: number | undefined;
  fault: string | undefined;
  effect: boolean;
  durationMs: number | undefined;
  response: { readonly status: number; readonly body: unknown } | undefined;
}

export type OpenAICallFilter = { readonly endpoint?: string } | ((call: OpenAICall) => boolean);

export function matchOpenAICall(call: OpenAICall, filter: OpenAICallFilter | undefined): boolean {
  if (filter === undefined) return true;
  if (typeof filter === 'function') return filter(call);
  return filter.endpoint === undefined || filter.endpoint === call.endpoint;
}
