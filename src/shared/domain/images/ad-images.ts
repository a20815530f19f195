import fs from 'node:fs/promises';
import type { Db, Media } from '../../db/prisma-types.ts';
import type { SettingsService } from '../settings/settings-service.ts';
import { AppError } from '../../errors.ts';
import { templateFromSetting, VARIANT_SIZES, type ImageVariant } from './image-template.ts';
import { renderAdImage, type AdImageContent } from './render-ad-image.ts';
import { adImagePath, resolveMediaFile, writeMediaFile } from './media-storage.ts';

/**
 * The generated images of an ad, stored once per ad, variant and content version: a Media row
 * (unique on adId+kind+contentVersion) and a JPEG under the media root. Safe to call from
 * several jobs at once: rendering is deterministic, files are replaced atomically and the row
 * is created once (a concurrent loser reads the winner's row).
 */
export interface AdImagesDeps {
  readonly db: Db;
  readonly settings: SettingsService;
  readonly mediaRoot: string;
}

export type AdImages = Record<ImageVariant, Media>;

const FALLBACK_CATEGORY = { fa: 'سایر', en: 'Other' } as const;

export async function ensureAdImages(deps: AdImagesDeps, adId: string, variants: readonly ImageVariant[] = ['feed', 'story']): Promise<Partial<AdImages>> {
  const ad = await deps.db.ad.findUnique({ where: { id: adId }, include: { category: true } });
  if (!ad) throw new AppError('not_found', 'Ad not found');
  const result: Partial<AdImages> = {};
  let content: AdImageContent | null = null;
  let template: ReturnType<typeof templateFromSetting> | null = null;
  for (const variant of variants) {
    const existing = await deps.db.media.findUnique({ where: { adId_kind_contentVersion: { adId, kind: variant, contentVersion: ad.contentVersion } } });
    if (existing && (await fileExists(deps.mediaRoot, existing.path))) {
      result[variant] = existing;
      continue;
    }
    content ??= adImageContent(ad);
    template ??= templateFromSetting(await deps.settings.get('images.template'));
    const jpeg = await renderAdImage(template[variant], variant, content, { mediaRoot: deps.mediaRoot });
    const relative = existing?.path ?? adImagePath(adId, variant, ad.contentVersion);
    await writeMediaFile(deps.mediaRoot, relative, jpeg);
    result[variant] = existing ?? (await recordMedia(deps.db, { adId, kind: variant, contentVersion: ad.contentVersion, path: relative, bytes: jpeg.length }));
  }
  return result;
}

/** The words on an ad's image: its category in the ad's language, its text and phone. */
export function adImageContent(ad: {
  content: string;
  language: string;
  contactPhone: string | null;
  category: { nameFa: string; nameEn: string } | null;
}): AdImageContent {
  const language = ad.language === 'en' ? 'en' : 'fa';
  const category = ad.category ? (language === 'en' ? ad.category.nameEn || ad.category.nameFa : ad.category.nameFa || ad.category.nameEn) : FALLBACK_CATEGORY[language];
  return { category, text: ad.content, phone: ad.contactPhone };
}

async function recordMedia(db: Db, input: { adId: string; kind: ImageVariant; contentVersion: number; path: string; bytes: number }): Promise<Media> {
  const { width, height } = VARIANT_SIZES[input.kind];
  try {
    return await db.media.create({ data: { ...input, mime: 'image/jpeg', width, height } });
  } catch (error) {
    // A concurrent job stored the same image first (unique adId+kind+contentVersion).
    const winner = await db.media.findUnique({ where: { adId_kind_contentVersion: { adId: input.adId, kind: input.kind, contentVersion: input.contentVersion } } });
    if (winner) return winner;
    throw error;
  }
}

async function fileExists(mediaRoot: string, relative: string): Promise<boolean> {
  const file = resolveMediaFile(mediaRoot, relative);
  if (!file) return false;
  return fs.stat(file).then((s) => s.isFile() && s.size > 0).catch(() => false);
}
