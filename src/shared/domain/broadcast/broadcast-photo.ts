import crypto from 'node:crypto';
import { AppError } from '../../errors.ts';
import { writeMediaFile } from '../images/media-storage.ts';

/** Telegram accepts photos up to 10 MB by upload. */
export const MAX_BROADCAST_PHOTO_BYTES = 10 * 1024 * 1024;

/**
 * Stores a broadcast's photo under `<data>/media/broadcasts/` (random, unguessable name; served
 * at /media/... like the generated images, which the panel preview uses). Only JPEG and PNG,
 * recognised by their first bytes, not by the name or type the browser sent.
 */
export async function storeBroadcastPhoto(mediaRoot: string, data: Buffer): Promise<string> {
  if (data.length === 0) throw new AppError('validation_failed', 'The photo is empty', { fields: { photo: 'empty file' } });
  if (data.length > MAX_BROADCAST_PHOTO_BYTES) throw new AppError('validation_failed', 'The photo is too large', { fields: { photo: 'at most 10 MB' } });
  const ext = photoExtension(data);
  if (!ext) throw new AppError('validation_failed', 'The photo must be a JPEG or PNG image', { fields: { photo: 'JPEG or PNG only' } });
  const relative = `broadcasts/${crypto.randomUUID()}.${ext}`;
  await writeMediaFile(mediaRoot, relative, data);
  return relative;
}

function photoExtension(data: Buffer): 'jpg' | 'png' | null {
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'jpg';
  if (data.length >= 8 && data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  return null;
}
