import sharp from 'sharp';
import { randomUrlSafe } from '../shared/ids.ts';
import { badRequest } from './api-error.ts';
import type { TgPhotoSize } from './types.ts';

export type FileKind = 'photo' | 'document' | 'sticker' | 'animation';

export interface StoredFile {
  readonly fileId: string;
  readonly uniqueId: string;
  readonly path: string;
  readonly kind: FileKind;
  readonly mimeType: string;
  /** Known size (exact once the content exists, estimated for lazily rendered thumbnails). */
  size: number;
  readonly width?: number;
  readonly height?: number;
  /** The bytes, or how to render them from another file (photo thumbnails are rendered on first use). */
  data: Buffer | undefined;
  readonly render?: { readonly source: Buffer; readonly width: number; readonly height: number };
}

const PREFIX: Record<FileKind, string> = {
  photo: 'AgACAgIAAxkBAAI',
  document: 'BQACAgIAAxkBAAI',
  sticker: 'CAACAgIAAxkBAAI',
  animation: 'CgACAgIAAxkBAAI',
};
const DIR: Record<FileKind, string> = { photo: 'photos', document: 'documents', sticker: 'stickers', animation: 'animations' };
/** Telegram's photo size boxes (s, m, x, y, w). */
const PHOTO_BOXES = [90, 320, 800, 1280, 2560];
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
export const MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024;

/** Every file the stand-in knows: uploaded by bots, sent by simulated users, or thumbnails. */
export class FileStore {
  private readonly byId = new Map<string, StoredFile>();
  private readonly byPath = new Map<string, StoredFile>();
  private readonly photos = new Map<string, TgPhotoSize[]>();
  private counter = 0;

  add(kind: FileKind, data: Buffer | undefined, meta: { mimeType: string; ext: string; size?: number; width?: number; height?: number; render?: StoredFile['render'] }): StoredFile {
    this.counter += 1;
    const file: StoredFile = {
      fileId: `${PREFIX[kind]}${randomUrlSafe(56)}`,
      uniqueId: `${kind === 'photo' ? 'AQAD' : 'AgAD'}${randomUrlSafe(12)}`,
      path: `${DIR[kind]}/file_${this.counter}.${meta.ext}`,
      kind,
      mimeType: meta.mimeType,
      size: data?.length ?? meta.size ?? 0,
      ...(meta.width !== undefined ? { width: meta.width } : {}),
      ...(meta.height !== undefined ? { height: meta.height } : {}),
      data,
      ...(meta.render ? { render: meta.render } : {}),
    };
    this.byId.set(file.fileId, file);
    this.byPath.set(file.path, file);
    return file;
  }

  /**
   * Registers an image as a Telegram photo: the sizes array Telegram would return
   * (thumbnails for each box smaller than the image, then the image itself, at most 2560).
   */
  async addPhoto(data: Buffer): Promise<TgPhotoSize[]> {
    if (data.length > MAX_PHOTO_BYTES) throw badRequest('PHOTO_INVALID_DIMENSIONS');
    let width: number;
    let height: number;
    let format: string | undefined;
    try {
      const meta = await sharp(data).metadata();
      width = meta.autoOrient?.width ?? meta.width;
      height = meta.autoOrient?.height ?? meta.height;
      format = meta.format;
    } catch {
      throw badRequest('IMAGE_PROCESS_FAILED');
    }
    if (!width || !height) throw badRequest('IMAGE_PROCESS_FAILED');
    if (width / height > 20 || height / width > 20) throw badRequest('PHOTO_INVALID_DIMENSIONS');
    const longest = Math.max(width, height);
    const sizes: TgPhotoSize[] = [];
    const boxes = PHOTO_BOXES.filter((box) => box < longest).concat(longest > 2560 ? [] : [longest]);
    for (const box of boxes) {
      const scale = Math.min(1, box / longest);
      const w = Math.max(1, Math.round(width * scale));
      const h = Math.max(1, Math.round(height * scale));
      const passthrough = scale === 1 && format === 'jpeg';
      const estimated = Math.max(1, Math.round((data.length * (w * h)) / (width * height)));
      const file = this.add('photo', passthrough ? data : undefined, {
        mimeType: 'image/jpeg',
        ext: 'jpg',
        size: estimated,
        width: w,
        height: h,
        ...(passthrough ? {} : { render: { source: data, width: w, height: h } }),
      });
      sizes.push({ file_id: file.fileId, file_unique_id: file.uniqueId, file_size: file.size, width: w, height: h });
    }
    for (const size of sizes) this.photos.set(size.file_id, sizes);
    return sizes;
  }

  /** The whole sizes array a photo file_id belongs to (sending a photo by file_id reuses it). */
  photoSizes(fileId: string): TgPhotoSize[] | undefined {
    return this.photos.get(fileId);
  }

  get(fileId: string): StoredFile | undefined {
    return this.byId.get(fileId);
  }

  getByPath(path: string): StoredFile | undefined {
    return this.byPath.get(path);
  }

  /** The bytes of a file, rendering a thumbnail the first time it is needed. */
  async content(file: StoredFile): Promise<Buffer> {
    if (file.data) return file.data;
    if (!file.render) return Buffer.alloc(0);
    const data = await sharp(file.render.source)
      .rotate()
      .resize(file.render.width, file.render.height, { fit: 'fill' })
      .jpeg({ quality: 80 })
      .toBuffer();
    file.data = data;
    file.size = data.length;
    return data;
  }
}
