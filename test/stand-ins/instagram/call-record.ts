/** One recorded Graph API call. */
export interface InstagramCall {
  readonly seq: number;
  /** me, user, createContainer, containerStatus, publish, publishingLimit, listMedia, getMedia, deleteMedia, or unknown. */
  readonly endpoint: string;
  readonly method: string;
  /** Path without the version prefix, e.g. /1784.../media */
  readonly path: string;
  readonly at: Date;
  /** Where the token came from (never the token itself). */
  readonly tokenVia: 'query' | 'body' | 'header' | undefined;
  /** The account the token belongs to, when it is known. */
  readonly userId: string | undefined;
  /** Parameters (query and body) without access_token. */
  readonly params: Record<string, unknown>;
  fault: string | undefined;
  effect: boolean;
  durationMs: number | undefined;
  response: { readonly status: number; readonly body: unknown } | undefined;
}

export type InstagramCallFilter = { readonly endpoint?: string; readonly userId?: string } | ((call: InstagramCall) => boolean);

export function matchInstagramCall(call: InstagramCall, filter: InstagramCallFilter | undefined): boolean {
  if (filter === undefined) return true;
  if (typeof filter === 'function') return filter(call);
  if (filter.endpoint !== undefined && filter.endpoint !== call.endpoint) return false;
  return filter.userId === undefined || filter.userId === call.userId;
}
