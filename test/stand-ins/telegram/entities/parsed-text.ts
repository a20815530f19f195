import { badRequest, type TelegramApiError } from '../api-error.ts';
import type { TgEntity } from '../types.ts';

export interface ParsedText {
  readonly text: string;
  readonly entities: TgEntity[];
}

export function entityParseError(detail: string): TelegramApiError {
  return badRequest(`can't parse entities: ${detail}`);
}

/** UTF-8 byte offset of a UTF-16 index in `input` (Telegram reports byte offsets). */
export function byteOffset(input: string, index: number): number {
  return Buffer.byteLength(input.slice(0, index), 'utf8');
}

/** Sorted by offset, longer (outer) entities first; zero-length entities dropped. */
export function sortEntities(entities: TgEntity[]): TgEntity[] {
  return entities.filter((e) => e.length > 0).sort((a, b) => a.offset - b.offset || b.length - a.length);
}
