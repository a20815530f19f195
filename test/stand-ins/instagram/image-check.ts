import sharp from 'sharp';
import type { HttpReply } from '../shared/exchange.ts';
import { linkedSignal } from '../shared/linked-signal.ts';
import { graphErrors } from './graph-errors.ts';

export const MAX_IMAGE_BYTES = 8 * 1024 * 1024;

export interface ImageCheckOptions {
  readonly timeoutMs: number;
  readonly maxBytes: number;
  readonly mediaType: 'IMAGE' | 'STORIES';
  readonly signal: AbortSignal;
}

export type ImageCheck =
  | { readonly ok: true; readonly width: number; readonly height: number; readonly bytes: number }
  | { readonly ok: false; readonly reply: HttpReply };

/** Fetches `image_url` like Meta does and applies Instagram's image rules (JPEG, size, width, aspect). */
export async function fetchAndCheckImage(url: string, options: ImageCheckOptions): Promise<ImageCheck> {
  if (!/^https?:\/\//i.test(url)) return { ok: false, reply: graphErrors.mediaFetchFailed(url) };
  let data: Buffer;
  const link = linkedSignal([options.signal], options.timeoutMs);
  try {
    const response = await fetch(url, { signal: link.signal });
    if (!response.ok) return { ok: false, reply: graphErrors.mediaFetchFailed(url) };
    const length = Number(response.headers.get('content-length') ?? '0');
    if (length > options.maxBytes) {
      await response.body?.cancel();
      return { ok: false, reply: graphErrors.imageTooLarge() };
    }
    data = Buffer.from(await response.arrayBuffer());
  } catch (error) {
    if (error instanceof Error && error.name === 'TimeoutError') return { ok: false, reply: graphErrors.downloadTimeout() };
    return { ok: false, reply: graphErrors.mediaFetchFailed(url) };
  } finally {
    link.dispose();
  }
  if (data.length > options.maxBytes) return { ok: false, reply: graphErrors.imageTooLarge() };
  const isJpeg = data.length > 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff;
  if (!isJpeg) return { ok: false, reply: graphErrors.unsupportedFormat() };
  let width: number;
  let height: number;
  try {
    const meta = await sharp(data).metadata();
    width = meta.autoOrient?.width ?? meta.width;
    height = meta.autoOrient?.height ?? meta.height;
  } catch {
    return { ok: false, reply: graphErrors.unsupportedFormat() };
  }
  if (width < 320 || width > 1440) return { ok: false, reply: graphErrors.badWidth(width) };
  const ratio = width / height;
  if (options.mediaType === 'IMAGE' && (ratio < 0.8 - 1e-3 || ratio > 1.91 + 1e-3)) {
    return { ok: false, reply: graphErrors.aspectRatio(ratio) };
  }
  return { ok: true, width, height, bytes: data.length };
}
