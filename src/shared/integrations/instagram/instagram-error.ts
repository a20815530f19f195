import { AppError } from '../../errors.ts';

/** How a call failed: Meta answered an error, HTTP without a Graph body, no answer, or garbage. */
export type InstagramFailureKind = 'graph' | 'http' | 'network' | 'timeout' | 'malformed' | 'aborted' | 'invalid_argument';

export interface InstagramErrorDetails {
  readonly operation: string;
  readonly kind: InstagramFailureKind;
  readonly retryable: boolean;
  readonly attempts: number;
  readonly httpStatus?: number | undefined;
  readonly graphCode?: number | undefined;
  readonly graphSubcode?: number | undefined;
  readonly graphType?: string | undefined;
  readonly fbtraceId?: string | undefined;
  /** Meta's `error_user_msg`, when given (safe to show staff). */
  readonly userMessage?: string | undefined;
  readonly cause?: Error | undefined;
}

/**
 * Every failure of the Instagram client, converted at the boundary. Messages and causes are
 * scrubbed: the access token never appears in them.
 */
export class InstagramError extends AppError {
  readonly operation: string;
  readonly kind: InstagramFailureKind;
  readonly attempts: number;
  readonly httpStatus: number | undefined;
  readonly graphCode: number | undefined;
  readonly graphSubcode: number | undefined;
  readonly graphType: string | undefined;
  readonly fbtraceId: string | undefined;
  readonly userMessage: string | undefined;

  constructor(message: string, details: InstagramErrorDetails) {
    super('external', message, { retryable: details.retryable, cause: details.cause });
    this.name = 'InstagramError';
    this.operation = details.operation;
    this.kind = details.kind;
    this.attempts = details.attempts;
    this.httpStatus = details.httpStatus;
    this.graphCode = details.graphCode;
    this.graphSubcode = details.graphSubcode;
    this.graphType = details.graphType;
    this.fbtraceId = details.fbtraceId;
    this.userMessage = details.userMessage;
  }

  /** Code 190: the access token expired or was revoked; a person must reconnect. */
  get isTokenExpired(): boolean {
    return this.graphCode === 190;
  }

  /** 9 / 2207042: the rolling 24 h publishing quota is used up. */
  get isQuotaReached(): boolean {
    return this.graphCode === 9 && this.graphSubcode === 2207042;
  }

  /** 9007 / 2207027: the container is not FINISHED yet; poll and publish later. */
  get isNotReady(): boolean {
    return this.graphCode === 9007 && this.graphSubcode === 2207027;
  }

  /** 9004 / 2207052: Meta could not fetch image_url. */
  get isMediaFetchFailed(): boolean {
    return this.graphCode === 9004 && this.graphSubcode === 2207052;
  }

  /** -2 / 2207020: the container expired (24 h); create a new one. */
  get isContainerExpired(): boolean {
    return this.graphSubcode === 2207020;
  }

  /** The image was refused (format, size, width or aspect ratio: codes 36000–36003). */
  get isImageRejected(): boolean {
    return this.graphCode !== undefined && this.graphCode >= 36000 && this.graphCode <= 36003;
  }
}
