import { AD_STATUSES } from '../../shared/domain/ads/ad-status.ts';
import { z } from './zod-openapi.ts';
import { isCleanIdentifier, isCleanText, isPhoneNumber, toAsciiDigits } from './text-rules.ts';
import { EXTERNAL_ID_MAX_LENGTH, PAGE_LIMIT_DEFAULT, PAGE_LIMIT_MAX } from './partner-api-limits.ts';

/**
 * Request schemas of the partner API: the handlers validate with these and the OpenAPI
 * document is generated from the very same objects. Messages are per field, for `fields` of a
 * 422 `validation_failed`.
 */
export const CATEGORY_SLUG = /^[a-z0-9][a-z0-9-]{0,63}$/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

const typed = (type: string) => ({
  error: (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : `must be ${type}`),
});

const categorySlug = z
  .string(typed('a category slug'))
  .regex(CATEGORY_SLUG, 'must be a category slug (lowercase letters, digits and dashes)')
  .openapi({ description: 'The slug of an active category (GET /api/v1/categories).', example: 'rent' });

const contactSchema = z
  .strictObject(
    {
      phone: z
        .string(typed('a string'))
        .trim()
        .max(40, 'must be at most 40 characters')
        .overwrite(toAsciiDigits)
        .refine(isPhoneNumber, 'must be 7–20 digits with an optional leading +, spaces or dashes between')
        .nullable()
        .optional()
        .openapi({
          description: '7–20 digits, an optional leading `+`, spaces or dashes between. Persian and Arabic-Indic digits are accepted and stored as ASCII.',
          example: '+98 912 345 6789',
        }),
      email: z.email({ error: 'must be an email address' }).max(254, 'must be at most 254 characters').nullable().optional(),
    },
    { error: 'must be an object with phone and/or email' },
  )
  .nullable()
  .optional()
  .openapi({ description: 'How readers reach the advertiser.' });

/** POST /api/v1/submit. `maxLength` is the `ads.maxLength` setting. */
export function submitBodySchema(maxLength: number) {
  return z
    .strictObject(
      {
        content: z
          .string(typed('a string'))
          .trim()
          .min(1, 'must not be empty')
          .max(maxLength, `must be at most ${maxLength} characters`)
          .refine(isCleanText, 'must not contain NUL bytes, control characters or invalid Unicode')
          .openapi({
            description: `The ad text, 1–${maxLength} characters after trimming (the \`ads.maxLength\` setting). Line breaks and tabs are kept; NUL bytes, other control characters and unpaired surrogates are refused.`,
            example: 'آپارتمان ۷۰ متری برای اجاره در مرکز شهر',
          }),
        category: categorySlug.nullable().optional(),
        contact: contactSchema,
        externalId: z
          .string(typed('a string'))
          .min(1, 'must not be empty')
          .max(EXTERNAL_ID_MAX_LENGTH, `must be at most ${EXTERNAL_ID_MAX_LENGTH} characters`)
          .refine(isCleanIdentifier, 'must not contain control characters or invalid Unicode')
          .nullable()
          .optional()
          .openapi({
            description: 'Your own id for this ad (≤ 200 characters). Submitting the same externalId again with the same key returns the first ad with 200 instead of creating another; other keys have their own externalIds.',
            example: 'order-2024-0001',
          }),
      },
      { error: 'must be a JSON object' },
    )
    .openapi('SubmitRequest', { description: 'Unknown fields are refused (422), so a misspelt field name is never silently ignored.' });
}

export type SubmitBody = ReturnType<ReturnType<typeof submitBodySchema>['parse']>;

const pageQuery = {
  limit: z.coerce
    .number({ error: `must be a whole number from 1 to ${PAGE_LIMIT_MAX}` })
    .int(`must be a whole number from 1 to ${PAGE_LIMIT_MAX}`)
    .min(1, `must be a whole number from 1 to ${PAGE_LIMIT_MAX}`)
    .max(PAGE_LIMIT_MAX, `must be a whole number from 1 to ${PAGE_LIMIT_MAX}`)
    .default(PAGE_LIMIT_DEFAULT)
    .openapi({ description: `Items per page, 1–${PAGE_LIMIT_MAX}.` }),
  cursor: z
    .string(typed('a string'))
    .max(200, 'is not a valid cursor')
    .optional()
    .openapi({ description: 'The `nextCursor` of the previous page; omit for the first page.' }),
};

/** GET /api/v1/list */
export const listQuerySchema = z.object({
  status: z
    .enum(AD_STATUSES, { error: `must be one of ${AD_STATUSES.join(', ')}` })
    .optional()
    .openapi({ description: 'Only ads in this status.' }),
  category: categorySlug.optional().openapi({ description: 'Only ads of this category (slug).' }),
  ...pageQuery,
});

/** GET /api/v1/ads */
export const adsQuerySchema = z.object({ ...pageQuery });

/** GET /api/v1/status/{uuid} */
export const statusParamsSchema = z.object({
  uuid: z.string().openapi({ description: 'The uuid returned by POST /api/v1/submit.', format: 'uuid' }),
});

export function isUuid(text: string): boolean {
  return UUID.test(text);
}
