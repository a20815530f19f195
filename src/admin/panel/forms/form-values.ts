import type { Request } from 'express';

/** Reading urlencoded form bodies (and query strings): strings only, nothing trusted. */
export type FormBody = Record<string, unknown>;

export function formBody(req: Request): FormBody {
  const body: unknown = req.body;
  return body && typeof body === 'object' ? (body as FormBody) : {};
}

export function queryValues(req: Request): FormBody {
  return req.query as FormBody;
}

export function text(source: FormBody, name: string): string {
  const value = source[name];
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return '';
}

export function list(source: FormBody, name: string): string[] {
  const value = source[name];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

export function checkbox(source: FormBody, name: string): boolean {
  return ['on', 'true', '1', 'yes'].includes(text(source, name).toLowerCase());
}

export function integer(source: FormBody, name: string): number | null {
  const raw = text(source, name).trim();
  if (!/^-?\d{1,9}$/.test(raw)) return null;
  return Number(raw);
}

/** CRLF from browsers' textareas → LF, as the bot and the partner API store text. */
export function multiline(source: FormBody, name: string): string {
  return text(source, name).replace(/\r\n?/g, '\n');
}

/** A local path to go back to after a form (never another site). */
export function safeLocalPath(value: string, fallback: string): string {
  return /^\/(?![/\\])[^\s]*$/.test(value) ? value : fallback;
}
