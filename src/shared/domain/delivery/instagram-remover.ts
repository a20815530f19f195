import { createInstagramClient } from '../../integrations/instagram/instagram-client.ts';
import { InstagramError } from '../../integrations/instagram/instagram-error.ts';
import { TOKEN_EXPIRED_MESSAGE } from './instagram-outcome.ts';
import type { Remover } from './withdraw-removers.ts';

/**
 * Takes an Instagram feed post or story down with `DELETE /{media-id}` where Meta allows it;
 * when Meta refuses the operation the result says so ("not supported by Instagram") so staff
 * can remove it in the app.
 */
export function createInstagramRemover(graphUrl: string, timeoutMs: number): Remover {
  return async (ctx) => {
    const mediaId = ctx.row.externalId ?? ctx.state.instagram?.mediaId;
    if (!mediaId) return { kind: 'done', status: 'check_manually', detail: 'published, but the media id is unknown; remove it in the Instagram app' };
    const token = ctx.settings['instagram.accessToken'];
    if (!token) return { kind: 'done', status: 'failed', detail: 'instagram.accessToken is not set' };
    ctx.secret(token);
    const client = createInstagramClient({ graphUrl, timeoutMs, retries: 1 });
    try {
      await client.deleteMedia({ token, mediaId, signal: ctx.signal });
      return { kind: 'done', status: 'removed', detail: `deleted media ${mediaId}` };
    } catch (error) {
      if (!(error instanceof InstagramError)) throw error;
      if (error.isTokenExpired) return { kind: 'done', status: 'failed', detail: TOKEN_EXPIRED_MESSAGE };
      if (error.graphCode === 100 || error.graphCode === 3 || error.graphCode === 10 || error.graphCode === 200) {
        return { kind: 'done', status: 'not_supported', detail: `not supported by Instagram: ${error.message}` };
      }
      if (error.retryable) return { kind: 'retry', error: error.message };
      return { kind: 'done', status: 'failed', detail: error.message };
    }
  };
}
