import type { RequestHandler } from 'express';
import type { SettingsService } from '../../shared/domain/settings/settings-service.ts';
import { buildOpenApiDocument, type OpenApiDocument, type OpenApiDocumentInput } from './openapi-document.ts';

export interface OpenApiHandlerDeps {
  readonly settings: SettingsService;
  readonly version: string;
  readonly publicBaseUrl: string;
  readonly ipRateLimitPerMin: number;
}

/** GET /api/v1/openapi.json: generated once per distinct input (the max length and base URL settings can change). */
export function createOpenApiHandler(deps: OpenApiHandlerDeps): RequestHandler {
  let cached: { key: string; document: OpenApiDocument } | null = null;
  return async (_req, res) => {
    const settings = await deps.settings.getAll();
    const input: OpenApiDocumentInput = {
      maxLength: settings['ads.maxLength'],
      ipRateLimitPerMin: deps.ipRateLimitPerMin,
      version: deps.version,
      serverUrl: (settings['site.publicBaseUrl'] || deps.publicBaseUrl).replace(/\/+$/, ''),
    };
    const key = JSON.stringify(input);
    if (cached?.key !== key) cached = { key, document: buildOpenApiDocument(input) };
    res.setHeader('Cache-Control', 'public, max-age=60');
    res.json(cached.document);
  };
}
