import { jsonReply, type HttpReply, type StatusFault } from '../shared/exchange.ts';
import { randomUrlSafe } from '../shared/ids.ts';

export interface GraphErrorBody {
  readonly message: string;
  readonly type?: string;
  readonly code: number;
  readonly error_subcode?: number;
  readonly is_transient?: boolean;
  readonly error_user_title?: string;
  readonly error_user_msg?: string;
}

/** `{error:{message,type,code,error_subcode,fbtrace_id}}` as Meta answers. */
export function graphError(status: number, error: GraphErrorBody, headers: Record<string, string> = {}): HttpReply {
  const fbtraceId = `A${randomUrlSafe(22)}`;
  return jsonReply(
    status,
    { error: { type: 'OAuthException', ...error, fbtrace_id: fbtraceId } },
    { 'x-fb-trace-id': fbtraceId, 'x-fb-request-id': fbtraceId, ...headers },
  );
}

const WWW_AUTH = (detail: string): Record<string, string> => ({ 'www-authenticate': `OAuth "Facebook Platform" "invalid_token" "${detail}"` });

/** Formats like Meta's token messages: "Tuesday, 01-Jul-25 10:00:00 PDT" (UTC here). */
function fbDate(date: Date): string {
  const days = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${days[date.getUTCDay()]}, ${pad(date.getUTCDate())}-${months[date.getUTCMonth()]}-${String(date.getUTCFullYear()).slice(2)} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} UTC`;
}

export const graphErrors = {
  missingToken: (): HttpReply => graphError(400, { message: 'An access token is required to request this resource.', code: 104 }),

  invalidToken: (): HttpReply =>
    graphError(400, { message: 'Invalid OAuth access token - Cannot parse access token', code: 190 }, WWW_AUTH('Invalid OAuth access token - Cannot parse access token')),

  expiredToken: (expiredAt: Date): HttpReply => {
    const message = `Error validating access token: Session has expired on ${fbDate(expiredAt)}. The current time is ${fbDate(new Date())}.`;
    return graphError(400, { message, code: 190, error_subcode: 463 }, WWW_AUTH(message));
  },

  unsupported: (verb: 'get' | 'post' | 'delete', id: string): HttpReply =>
    graphError(400, {
      message: `Unsupported ${verb} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
      type: 'GraphMethodException',
      code: 100,
      error_subcode: 33,
    }),

  missingParameter: (name: string): HttpReply =>
    graphError(400, { message: `(#100) The parameter ${name} is required`, code: 100 }),

  invalidParameter: (message: string): HttpReply => graphError(400, { message: `(#100) ${message}`, code: 100 }),

  mediaFetchFailed: (url: string): HttpReply =>
    graphError(400, {
      message: 'Only photo or video can be accepted as media type.',
      code: 9004,
      error_subcode: 2207052,
      is_transient: false,
      error_user_title: 'Media download has failed.',
      error_user_msg: `The media could not be fetched from this uri: ${url}. Please check the uri and try again.`,
    }),

  downloadTimeout: (): HttpReply =>
    graphError(400, {
      message: 'It takes too long to download the media.',
      code: -2,
      error_subcode: 2207003,
      is_transient: true,
      error_user_title: 'Timeout',
      error_user_msg: 'It takes too long to download the media.',
    }),

  imageTooLarge: (): HttpReply =>
    graphError(400, {
      message: 'The image size is too large.',
      code: 36000,
      error_subcode: 2207004,
      is_transient: false,
      error_user_title: 'Image size too large',
      error_user_msg: 'The image is too large to download. It should be less than 8 MiB.',
    }),

  unsupportedFormat: (): HttpReply =>
    graphError(400, {
      message: 'The image format is not supported.',
      code: 36001,
      error_subcode: 2207005,
      is_transient: false,
      error_user_title: 'Unsupported image format',
      error_user_msg: 'The image format is not supported. Supported formats: JPEG.',
    }),

  /** Stand-in rule (Meta documents 320–1440 px and rescales outside it); same code as a bad image. */
  badWidth: (width: number): HttpReply =>
    graphError(400, {
      message: 'The image dimensions are not supported.',
      code: 36001,
      error_subcode: 2207005,
      is_transient: false,
      error_user_title: 'Invalid image width',
      error_user_msg: `The image width (${width} px) must be between 320 and 1440 pixels.`,
    }),

  aspectRatio: (ratio: number): HttpReply =>
    graphError(400, {
      message: 'Invalid aspect ratio',
      code: 36003,
      error_subcode: 2207009,
      is_transient: false,
      error_user_title: 'Cannot publish this image',
      error_user_msg: `The submitted image with aspect ratio ('${ratio.toFixed(4)}') cannot be published. Please submit an image with a valid aspect ratio.`,
    }),

  /** Best guess at Meta's caption errors (the published tables do not list them clearly). */
  captionRejected: (detail: string): HttpReply =>
    graphError(400, {
      message: 'The caption is not valid.',
      code: 100,
      error_subcode: 2207010,
      is_transient: false,
      error_user_title: 'Invalid caption',
      error_user_msg: detail,
    }),

  notReady: (): HttpReply =>
    graphError(400, {
      message: 'Media ID is not available',
      code: 9007,
      error_subcode: 2207027,
      is_transient: false,
      error_user_title: 'Media not ready for publishing',
      error_user_msg: 'The media is not ready for publishing, please wait for a moment',
    }),

  quotaReached: (): HttpReply =>
    graphError(400, {
      message: 'Application request limit reached',
      code: 9,
      error_subcode: 2207042,
      is_transient: false,
      error_user_title: 'Publishing limit reached',
      error_user_msg: 'You reached maximum number of posts that is allowed to be published by Content Publishing API.',
    }),

  containerExpired: (): HttpReply =>
    graphError(400, {
      message: 'The media you are trying to access has expired. Please try to upload again.',
      code: -2,
      error_subcode: 2207020,
      is_transient: false,
      error_user_title: 'Media expired',
      error_user_msg: 'The media you are trying to access has expired. Please try to upload again.',
    }),

  containerFailed: (): HttpReply =>
    graphError(400, {
      message: 'Create media fail, please try to re-create media',
      code: -1,
      error_subcode: 2207032,
      is_transient: false,
      error_user_title: 'Create media failed',
      error_user_msg: 'Create media fail, please try to re-create media',
    }),

  /** Publishing a container that was already published (stand-in choice: the container is gone). */
  alreadyPublished: (containerId: string): HttpReply =>
    graphError(400, {
      message: `The media with id ${containerId} cannot be found`,
      code: 24,
      error_subcode: 2207006,
      is_transient: false,
      error_user_title: 'Media not found',
      error_user_msg: 'This container has already been published.',
    }),

  /** A status fault rendered the way Graph answers it. */
  forStatus: (fault: StatusFault): HttpReply => {
    if (fault.status === 429) {
      return graphError(
        429,
        { message: fault.message ?? '(#4) Application request limit reached', code: 4, is_transient: true },
        fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : {},
      );
    }
    if (fault.status >= 500) {
      return graphError(fault.status, { message: fault.message ?? 'An unexpected error has occurred. Please retry your request later.', code: 2, is_transient: true });
    }
    if (fault.status === 403) return graphError(403, { message: fault.message ?? '(#10) Application does not have permission for this action', code: 10, is_transient: false });
    return graphError(fault.status, { message: fault.message ?? '(#100) Invalid parameter', code: 100, is_transient: false });
  },
};
