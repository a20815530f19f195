import fs from 'node:fs/promises';
import type { Db, Media } from '../../db/prisma-types.ts';
import { toInstagramPhoto } from './instagram-photo.ts';
import { adImagePath, resolveMediaFile, writeMediaFile } from './media-storage.ts';

/**
 * The submitter's own photos of an ad as public JPEGs for Instagram (a carousel, and the first
 * one as the story): each AdPhoto is downloaded from Telegram once (in the delivery job, never
 * in an update handler), converted (toInstagramPhoto) and stored as a Media row of kind
 * `photo_<position>` under the media root, served at /media. The photos do not change when the
 * text is edited, so their content version is always 0. Safe to run from two jobs at once (the
 * feed and the story): the same bytes are written atomically and the row is created once.
 */
export const PHOTO_CONTENT_VERSION = 0;

export function photoMediaKind(position: number): string {
  return `photo_${position}`;
}

export interface AdPhotoImagesDeps {
  readonly db: Db;
  readonly mediaRoot: string;
  /** The photo's bytes from Telegram (getFile + download through the bot that received it). */
  download(fileId: string): Promise<Buffer>;
}

export async function ensureAdPhotoImages(
  deps: AdPhotoImagesDeps,
  ad: { readonly id: string; readonly photos: ReadonlyArray<{ readonly position: number; readonly fileId: string }> },
): Promise<Media[]> {
  const result: Media[] = [];
  for (const photo of [...ad.photos].sort((a, b) => a.position - b.position)) {
    const kind = photoMediaKind(photo.position);
    const key = { adId_kind_contentVersion: { adId: ad.id, kind, contentVersion: PHOTO_CONTENT_VERSION } };
    const existing = await deps.db.media.findUnique({ where: key });
    if (existing && (await fileExists(deps.mediaRoot, existing.path))) {
      result.push(existing);
      continue;
    }
    const converted = await toInstagramPhoto(await deps.download(photo.fileId));
    const relative = existing?.path ?? adImagePath(ad.id, kind, PHOTO_CONTENT_VERSION);
    await writeMediaFile(deps.mediaRoot, relative, converted.jpeg);
    if (existing) {
      result.push(existing);
      continue;
    }
    const data = { adId: ad.id, kind, contentVersion: PHOTO_CONTENT_VERSION, path: relative, mime: 'image/jpeg', width: converted.width, height: converted.height, bytes: converted.jpeg.length };
    try {
      result.push(await deps.db.media.create({ data }));
    } catch (error) {
      const winner = await deps.db.media.findUnique({ where: key });
      if (!winner) throw error;
      result.push(winner);
    }
  }
  return result;
}

async function fileExists(mediaRoot: string, relative: string): Promise<boolean> {
  const file = resolveMediaFile(mediaRoot, relative);
  if (!file) return false;
  return fs.stat(file).then((s) => s.isFile() && s.size > 0).catch(() => false);
}
