import type { RequestHandler } from 'express';
import type { Db } from '../../shared/db/prisma-types.ts';
import type { JobQueue } from '../../shared/db/job-queue.ts';
import type { SettingsService } from '../../shared/domain/settings/settings-service.ts';
import { submitAd } from '../../shared/domain/ads/submit-ad.ts';
import { findCategoryBySlug } from '../../shared/domain/partners/partner-ad-queries.ts';
import { CATEGORY_SLUG, submitBodySchema } from './request-schemas.ts';
import { fieldsOf, validationFailed } from './validate-input.ts';
import { partnerOf } from './partner-locals.ts';
import { guessLanguage } from './text-rules.ts';
import { API_BASE_PATH } from './partner-api-limits.ts';
import type { SubmitResponse } from './response-schemas.ts';

export interface SubmitHandlerDeps {
  readonly db: Db;
  readonly jobs: JobQueue;
  readonly settings: SettingsService;
}

/**
 * POST /api/v1/submit: validates, then takes the one submission path (`submitAd`: ad, history
 * and moderation job in one transaction, durable before the answer). 201 for a new ad; 200
 * with the first ad when this key already submitted the same `externalId`.
 */
export function createSubmitHandler(deps: SubmitHandlerDeps): RequestHandler {
  const schemaFor = memoizedSchema();
  return async (req, res) => {
    const partner = partnerOf(res);
    const schema = schemaFor(await deps.settings.get('ads.maxLength'));
    const parsed = schema.safeParse(req.body);
    const fields = parsed.success ? {} : fieldsOf(parsed.error);
    // The category is checked against the database even when other fields are wrong, so one
    // answer lists every problem.
    const slug = (req.body as { category?: unknown } | null | undefined)?.category;
    let categoryId: number | null = null;
    if (typeof slug === 'string' && CATEGORY_SLUG.test(slug) && !('category' in fields)) {
      const category = await findCategoryBySlug(deps.db, slug);
      if (category?.active) categoryId = category.id;
      else fields.category = 'is not an active category (see GET /api/v1/categories)';
    }
    if (!parsed.success || Object.keys(fields).length > 0) throw validationFailed(fields);
    const body = parsed.data;
    const { ad, created } = await submitAd(deps, {
      source: 'partner',
      content: body.content,
      categoryId,
      language: guessLanguage(body.content),
      contactPhone: body.contact?.phone ?? null,
      contactEmail: body.contact?.email ?? null,
      partnerClientId: partner.id,
      externalId: body.externalId ?? null,
    });
    const answer: SubmitResponse = { uuid: ad.id, status: ad.status as SubmitResponse['status'] };
    res.status(created ? 201 : 200).location(`${API_BASE_PATH}/status/${ad.id}`).json(answer);
  };
}

/** The schema depends on the `ads.maxLength` setting: rebuilt only when it changes. */
function memoizedSchema(): (maxLength: number) => ReturnType<typeof submitBodySchema> {
  let last: { maxLength: number; schema: ReturnType<typeof submitBodySchema> } | null = null;
  return (maxLength) => {
    if (last?.maxLength !== maxLength) last = { maxLength, schema: submitBodySchema(maxLength) };
    return last.schema;
  };
}
