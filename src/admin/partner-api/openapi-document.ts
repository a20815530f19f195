import { OpenAPIRegistry, OpenApiGeneratorV31, type ResponseConfig } from '@asteasolutions/zod-to-openapi';
import type { z } from 'zod';
import { adsQuerySchema, listQuerySchema, statusParamsSchema, submitBodySchema } from './request-schemas.ts';
import {
  adStatusPageSchema,
  adStatusSchema,
  categoryListSchema,
  errorSchema,
  publishedAdPageSchema,
  submitResponseSchema,
} from './response-schemas.ts';
import { API_BASE_PATH, BODY_LIMIT_BYTES, DEFAULT_KEY_RATE_LIMIT_PER_MIN } from './partner-api-limits.ts';

export interface OpenApiDocumentInput {
  /** The `ads.maxLength` setting. */
  readonly maxLength: number;
  readonly ipRateLimitPerMin: number;
  readonly version: string;
  readonly serverUrl: string;
}

/** The document is plain JSON: keep its type loose for callers. */
export type OpenApiDocument = ReturnType<OpenApiGeneratorV31['generateDocument']>;

/** The OpenAPI 3.1 document of /api/v1, generated from the schemas the handlers validate with. */
export function buildOpenApiDocument(input: OpenApiDocumentInput): OpenApiDocument {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'ApiKey', {
    type: 'apiKey',
    in: 'header',
    name: 'X-API-KEY',
    description: 'Your partner key (`pk_…`), issued once with `npm run cli -- apikey:create --name N`.',
  });
  const security = [{ ApiKey: [] }];
  const common = commonResponses(input);

  registry.registerPath({
    method: 'post',
    path: `${API_BASE_PATH}/submit`,
    operationId: 'submitAd',
    summary: 'Submit an ad for moderation',
    description:
      'The ad is stored (durably, before the answer) as `pending_ai` and moderated; follow it with GET /status/{uuid} or /list. ' +
      'With an `externalId` the call is idempotent per key: the same externalId again answers 200 with the first ad (its current status) and creates nothing.',
    security,
    request: { body: { required: true, description: `JSON, at most ${BODY_LIMIT_BYTES / 1024} KiB.`, content: { 'application/json': { schema: submitBodySchema(input.maxLength) } } } },
    responses: {
      201: json('The ad was created. `Location` points at its status.', submitResponseSchema),
      200: json('This key already submitted this externalId: the first ad, nothing created.', submitResponseSchema),
      400: json('The body is not valid JSON (`invalid_json`).', errorSchema),
      ...common.auth,
      413: json(`The body is larger than ${BODY_LIMIT_BYTES / 1024} KiB (\`payload_too_large\`).`, errorSchema),
      415: json('The body is not declared as JSON (`Content-Type: application/json`, UTF-8) (`unsupported_media_type`).', errorSchema),
      422: json('A field is invalid (`validation_failed`); `fields` says which and why. An unknown or inactive category is reported on `category`.', errorSchema),
      ...common.limits,
    },
  });

  registry.registerPath({
    method: 'get',
    path: `${API_BASE_PATH}/status/{uuid}`,
    operationId: 'getAdStatus',
    summary: 'The status of one of your ads',
    security,
    request: { params: statusParamsSchema },
    responses: {
      200: json('The ad.', adStatusSchema),
      ...common.auth,
      404: json('No ad with this uuid was submitted with this key (other clients\' ads are not found either) (`not_found`).', errorSchema),
      ...common.limits,
    },
  });

  registry.registerPath({
    method: 'get',
    path: `${API_BASE_PATH}/list`,
    operationId: 'listOwnAds',
    summary: 'Your ads, newest first',
    description: 'Keyset pagination: pass `nextCursor` back as `cursor` until it is null. Ads submitted while you page appear on the first page and never shift later pages.',
    security,
    request: { query: listQuerySchema },
    responses: {
      200: json('One page of your ads.', adStatusPageSchema),
      ...common.auth,
      422: json('A query parameter is invalid (`validation_failed`), e.g. an unknown status or category or a foreign cursor.', errorSchema),
      ...common.limits,
    },
  });

  registry.registerPath({
    method: 'get',
    path: `${API_BASE_PATH}/ads`,
    operationId: 'listPublishedAds',
    summary: 'Published ads, newest approval first',
    description:
      'Every approved ad that is published (past its scheduled time, if any) and not expired, from any source. ' +
      'Image URLs are null until the images are generated. Keyset pagination as in /list.',
    security,
    request: { query: adsQuerySchema },
    responses: {
      200: json('One page of published ads.', publishedAdPageSchema),
      ...common.auth,
      422: json('A query parameter is invalid (`validation_failed`).', errorSchema),
      ...common.limits,
    },
  });

  registry.registerPath({
    method: 'get',
    path: `${API_BASE_PATH}/categories`,
    operationId: 'listCategories',
    summary: 'Active categories with their number of published ads',
    security,
    responses: { 200: json('Active categories in display order.', categoryListSchema), ...common.auth, ...common.limits },
  });

  registry.registerPath({
    method: 'get',
    path: `${API_BASE_PATH}/openapi.json`,
    operationId: 'getOpenApiDocument',
    summary: 'This document',
    security: [],
    responses: {
      200: { description: 'The OpenAPI 3.1 document of /api/v1.', content: { 'application/json': { schema: { type: 'object' } } } },
      429: common.limits[429],
    },
  });

  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: 'Agahi partner API', version: input.version, description: describeApi(input) },
    servers: [{ url: input.serverUrl }],
  });
}

function json(description: string, schema: z.ZodType): ResponseConfig {
  return { description, content: { 'application/json': { schema } } };
}

function commonResponses(input: OpenApiDocumentInput) {
  const rateLimited: ResponseConfig = {
    description:
      `Rate limited (\`rate_limited\`): over your key's limit (default ${DEFAULT_KEY_RATE_LIMIT_PER_MIN} per minute, set per key) ` +
      `or over ${input.ipRateLimitPerMin} requests per minute from one IP address. Wait \`Retry-After\` seconds.`,
    headers: { 'Retry-After': { description: 'Seconds until a request will be accepted again.', required: true, schema: { type: 'integer', minimum: 1 } } },
    content: { 'application/json': { schema: errorSchema } },
  };
  return {
    auth: { 401: json('The X-API-KEY header is missing, or the key is unknown, revoked or inactive (`unauthorized`).', errorSchema) },
    limits: { 429: rateLimited, 500: json('Unexpected server error (`internal`); nothing about it is shown. Safe to retry, with an externalId for submissions.', errorSchema) },
  };
}

function describeApi(input: OpenApiDocumentInput): string {
  return [
    'Submit classified ads for moderation, follow their status, and read published ads.',
    '',
    '**Authentication**: every path except this document needs the `X-API-KEY` header.',
    '',
    `**Rate limits** (token buckets, counted separately by each web process, so with several instances behind a balancer the effective limit is that many times higher): ` +
      `per key ${DEFAULT_KEY_RATE_LIMIT_PER_MIN} requests per minute unless set otherwise for the key; per client IP address ${input.ipRateLimitPerMin} requests per minute over all of /api/v1. ` +
      'A full bucket allows a burst of that many requests, then refills continuously. Over a limit: 429 `rate_limited` with `Retry-After` in seconds.',
    '',
    `**Bodies**: JSON (\`Content-Type: application/json\`, UTF-8) of at most ${BODY_LIMIT_BYTES / 1024} KiB; otherwise 415, 413, or 400 \`invalid_json\`.`,
    '',
    '**Errors** always have the shape `{"error": {"code", "message", "fields"?}}`; 422 `validation_failed` lists per-field problems in `fields`.',
    '',
    '**Pagination**: `limit` (1–100, default 50) and the opaque `cursor` from `nextCursor`; stable while new ads arrive. Empty query parameters count as not given.',
  ].join('\n');
}
