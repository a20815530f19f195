import { AD_STATUSES } from '../../shared/domain/ads/ad-status.ts';
import { z } from './zod-openapi.ts';

/** Response schemas of the partner API (documentation; the handlers build these shapes in ad-views.ts). */
export const errorSchema = z
  .object({
    error: z.object({
      code: z.string().regex(/^[a-z][a-z0-9_]*$/).openapi({ example: 'validation_failed' }),
      message: z.string().openapi({ example: 'Request is invalid' }),
      fields: z
        .record(z.string(), z.string())
        .optional()
        .openapi({ description: 'Per-field problems (422 only); nested fields are dotted, e.g. `contact.email`; problems with the body as a whole are under `body`.' }),
    }),
  })
  .openapi('Error');

const statusEnum = z.enum(AD_STATUSES).openapi({
  description: 'pending_ai (AI pre-screening) → pending_manual (staff review) → approved | rejected | needs_revision; approved ads become expired after their lifetime; resubmitted and withdrawn are final.',
});
const dateTime = z.iso.datetime({ offset: true });

export const submitResponseSchema = z.object({ uuid: z.uuid(), status: statusEnum }).openapi('SubmitResponse');

export const adStatusSchema = z
  .object({
    uuid: z.uuid(),
    status: statusEnum,
    category: z.string().nullable().openapi({ description: 'Category slug, or null.' }),
    createdAt: dateTime,
    decidedAt: dateTime.nullable(),
    rejectionReason: z.string().nullable(),
  })
  .openapi('AdStatus');

export const adStatusPageSchema = z
  .object({ items: z.array(adStatusSchema), nextCursor: z.string().nullable() })
  .openapi('AdStatusPage');

export const publishedAdSchema = z
  .object({
    uuid: z.uuid(),
    category: z.string().nullable(),
    content: z.string(),
    imageUrl: z.url().nullable().openapi({ description: 'The feed image (JPEG) once generated, else null.' }),
    storyImageUrl: z.url().nullable().openapi({ description: 'The story image once generated, else null.' }),
    approvedAt: dateTime,
  })
  .openapi('PublishedAd');

export const publishedAdPageSchema = z
  .object({ items: z.array(publishedAdSchema), nextCursor: z.string().nullable() })
  .openapi('PublishedAdPage');

export const categorySchema = z
  .object({
    slug: z.string(),
    nameFa: z.string(),
    nameEn: z.string(),
    approvedCount: z.number().int().min(0).openapi({ description: 'Ads of this category currently listed by GET /api/v1/ads.' }),
  })
  .openapi('Category');

export const categoryListSchema = z.object({ items: z.array(categorySchema) }).openapi('CategoryList');

export type SubmitResponse = z.infer<typeof submitResponseSchema>;
export type AdStatusView = z.infer<typeof adStatusSchema>;
export type PublishedAdView = z.infer<typeof publishedAdSchema>;
export type CategoryView = z.infer<typeof categorySchema>;
