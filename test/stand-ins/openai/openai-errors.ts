import crypto from 'node:crypto';
import { jsonReply, type HttpReply, type StatusFault } from '../shared/exchange.ts';

export interface OpenAIErrorBody {
  readonly message: string;
  readonly type: string;
  readonly param: string | null;
  readonly code: string | null;
}

export function requestId(): string {
  return `req_${crypto.randomBytes(16).toString('hex')}`;
}

/** An OpenAI error reply: `{error:{message,type,param,code}}` with the usual headers. */
export function openAIError(status: number, error: OpenAIErrorBody, headers: Record<string, string> = {}): HttpReply {
  return jsonReply(status, { error }, { 'x-request-id': requestId(), ...headers });
}

export function invalidRequest(message: string, param: string | null = null, code: string | null = null): HttpReply {
  return openAIError(400, { message, type: 'invalid_request_error', param, code });
}

export function maskKey(key: string): string {
  if (key.length <= 8) return '*'.repeat(key.length);
  return `${key.slice(0, 3)}${'*'.repeat(Math.min(40, key.length - 7))}${key.slice(-4)}`;
}

export function authError(key: string | undefined): HttpReply {
  if (!key) {
    return openAIError(401, {
      message:
        "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username and password. You can obtain an API key from https://platform.openai.com/account/api-keys.",
      type: 'invalid_request_error',
      param: null,
      code: null,
    });
  }
  return openAIError(401, {
    message: `Incorrect API key provided: ${maskKey(key)}. You can find your API key at https://platform.openai.com/account/api-keys.`,
    type: 'invalid_request_error',
    param: null,
    code: 'invalid_api_key',
  });
}

/** What OpenAI answers for an injected status. */
export function statusFaultReply(fault: StatusFault, model: string): HttpReply {
  switch (fault.status) {
    case 429: {
      const seconds = fault.retryAfter ?? 1;
      return openAIError(
        429,
        {
          message:
            fault.message ??
            `Rate limit reached for ${model} in organization org-standin on requests per min (RPM): Limit 500, Used 500, Requested 1. Please try again in ${seconds}s. Visit https://platform.openai.com/account/rate-limits to learn more.`,
          type: 'requests',
          param: null,
          code: 'rate_limit_exceeded',
        },
        { 'retry-after': String(seconds), 'x-ratelimit-remaining-requests': '0' },
      );
    }
    case 401:
      return authError(fault.message ?? 'sk-injected-fault-key');
    case 500:
      return openAIError(500, {
        message: fault.message ?? 'The server had an error while processing your request. Sorry about that!',
        type: 'server_error',
        param: null,
        code: null,
      });
    case 503:
      return openAIError(503, {
        message: fault.message ?? 'The engine is currently overloaded, please try again later',
        type: 'server_error',
        param: null,
        code: null,
      });
    default:
      return openAIError(fault.status, {
        message: fault.message ?? `Error ${fault.status}`,
        type: fault.status >= 500 ? 'server_error' : 'invalid_request_error',
        param: null,
        code: null,
      });
  }
}

/** 429 insufficient_quota: the account is out of credit (retrying does not help). */
export function quotaExceeded(): HttpReply {
  return openAIError(429, {
    message: 'You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.',
    type: 'insufficient_quota',
    param: null,
    code: 'insufficient_quota',
  });
}
