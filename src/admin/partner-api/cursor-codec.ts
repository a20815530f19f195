import type { PageKey } from '../../shared/domain/partners/partner-ad-queries.ts';

/**
 * Opaque page cursors: base64url of `<kind>.<sort time in ms>.<id>` of the last item of a page.
 * The kind keeps a cursor of one listing from being used on another.
 */
export type CursorKind = 'list' | 'ads';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function encodeCursor(kind: CursorKind, key: PageKey): string {
  return Buffer.from(`${kind}.${key.at.getTime()}.${key.id}`, 'utf8').toString('base64url');
}

/** The page key, or null when the text is not a cursor of this kind. */
export function decodeCursor(kind: CursorKind, cursor: string): PageKey | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) return null;
  const [k, ms, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('.');
  if (k !== kind || rest.length > 0 || ms === undefined || id === undefined) return null;
  if (!/^\d{1,15}$/.test(ms) || !UUID.test(id)) return null;
  const at = new Date(Number(ms));
  return Number.isNaN(at.getTime()) ? null : { at, id };
}
