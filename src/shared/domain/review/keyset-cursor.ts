import { AppError } from '../../errors.ts';

/**
 * Keyset pagination cursors: the (createdAt, id) or (id) of the last row of a page, opaque to
 * clients (base64url). A cursor never costs an OFFSET scan: the next page starts at an index seek.
 */
export interface TimeIdCursor {
  readonly at: Date;
  readonly id: string;
}

export function encodeTimeIdCursor(cursor: TimeIdCursor): string {
  return Buffer.from(`${cursor.at.toISOString()}|${cursor.id}`, 'utf8').toString('base64url');
}

export function decodeTimeIdCursor(text: string): TimeIdCursor {
  const decoded = Buffer.from(text, 'base64url').toString('utf8');
  const bar = decoded.indexOf('|');
  const at = new Date(bar > 0 ? decoded.slice(0, bar) : 'invalid');
  const id = decoded.slice(bar + 1);
  if (bar <= 0 || Number.isNaN(at.getTime()) || !id) throw invalidCursor();
  return { at, id };
}

export function encodeIdCursor(id: number): string {
  return Buffer.from(`#${id}`, 'utf8').toString('base64url');
}

export function decodeIdCursor(text: string): number {
  const decoded = Buffer.from(text, 'base64url').toString('utf8');
  const id = /^#(\d{1,15})$/.exec(decoded)?.[1];
  if (!id) throw invalidCursor();
  return Number(id);
}

function invalidCursor(): AppError {
  return new AppError('validation_failed', 'The cursor is not valid', { fields: { cursor: 'is not a cursor from this list' } });
}
