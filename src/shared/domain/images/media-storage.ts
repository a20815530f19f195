import fs from 'node:fs/promises';
import path from 'node:path';
import crypto from 'node:crypto';

/**
 * Where generated images live: `<dataDir>/media/` (DATA dir from the config), with paths stored
 * relative to it in Media rows and served publicly as `<publicBaseUrl>/media/<path>`.
 */
export function mediaRootOf(dataDir: string): string {
  return path.join(dataDir, 'media');
}

/** The stored relative path of one ad image (versioned, so a path's bytes never change). */
export function adImagePath(adId: string, kind: string, contentVersion: number): string {
  const safeId = adId.replace(/[^A-Za-z0-9-]/g, '');
  return `ads/${safeId}/${kind}-v${contentVersion}.jpg`;
}

/**
 * A request path → an absolute file inside the media root, or null when the path is unsafe
 * (`..`, absolute, dot files, backslashes, NUL, anything that resolves outside the root).
 */
export function resolveMediaFile(mediaRoot: string, relative: string): string | null {
  if (!relative || relative.length > 500 || /[\0\\]/.test(relative)) return null;
  const segments = relative.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..' || s.startsWith('.'))) return null;
  const root = path.resolve(mediaRoot);
  const file = path.resolve(root, ...segments);
  return file.startsWith(root + path.sep) ? file : null;
}

/** Writes atomically (temp file + rename), so a reader never sees half an image. */
export async function writeMediaFile(mediaRoot: string, relative: string, data: Buffer): Promise<string> {
  const file = resolveMediaFile(mediaRoot, relative);
  if (!file) throw new Error(`unsafe media path ${relative}`);
  await fs.mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${crypto.randomBytes(6).toString('hex')}.tmp`;
  await fs.writeFile(temp, data);
  await fs.rename(temp, file);
  return file;
}
