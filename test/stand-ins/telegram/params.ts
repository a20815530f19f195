import type { UploadedFile } from '../shared/request-body.ts';
import { badRequest } from './api-error.ts';

/** Where a file parameter (photo, media) points: an upload in this request, a file_id or a URL. */
export type InputFileRef =
  | { readonly kind: 'upload'; readonly file: UploadedFile }
  | { readonly kind: 'file_id'; readonly fileId: string }
  | { readonly kind: 'url'; readonly url: string };

/**
 * Typed access to Bot API parameters, whatever encoding they came in: JSON keeps types,
 * urlencoded and multipart carry strings (objects JSON-encoded), exactly as Telegram accepts.
 */
export class Params {
  constructor(
    readonly raw: Readonly<Record<string, unknown>>,
    readonly files: ReadonlyMap<string, UploadedFile> = new Map(),
  ) {}

  has(name: string): boolean {
    const value = this.raw[name];
    return value !== undefined && value !== null && value !== '';
  }

  string(name: string): string | undefined {
    const value = this.raw[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    return JSON.stringify(value);
  }

  int(name: string): number | undefined {
    const value = this.raw[name];
    if (value === undefined || value === null || value === '') return undefined;
    const n = typeof value === 'number' ? value : Number(value);
    if (!Number.isFinite(n)) throw badRequest(`invalid ${name} specified`);
    return Math.trunc(n);
  }

  bool(name: string): boolean | undefined {
    const value = this.raw[name];
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value === 'boolean') return value;
    if (typeof value === 'number') return value !== 0;
    return String(value).toLowerCase() === 'true' || value === '1';
  }

  /** An object/array parameter, given directly (JSON body) or JSON-encoded (form fields). */
  json(name: string, errorDetail: string): unknown {
    const value = this.raw[name];
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string') return value;
    try {
      return JSON.parse(value) as unknown;
    } catch {
      throw badRequest(errorDetail);
    }
  }

  /** chat_id: an integer or "@username". */
  chatId(name = 'chat_id'): number | string {
    const value = this.raw[name];
    if (value === undefined || value === null || value === '') throw badRequest(`${name} is empty`);
    if (typeof value === 'number') return value;
    const text = String(value).trim();
    if (text.startsWith('@')) return text;
    const n = Number(text);
    if (!Number.isInteger(n)) throw badRequest('chat not found');
    return n;
  }

  inputFile(name: string): InputFileRef | undefined {
    const direct = this.files.get(name);
    const value = this.raw[name];
    if (typeof value === 'string' && value !== '') return this.resolveFileString(value);
    if (direct) return { kind: 'upload', file: direct };
    return undefined;
  }

  /** Resolves "attach://<part>", a URL or a file_id. */
  resolveFileString(value: string): InputFileRef {
    if (value.startsWith('attach://')) {
      const file = this.files.get(value.slice('attach://'.length));
      if (!file) throw badRequest('wrong HTTP URL specified');
      return { kind: 'upload', file };
    }
    if (/^https?:\/\//i.test(value)) return { kind: 'url', url: value };
    return { kind: 'file_id', fileId: value };
  }
}

/** The parameters as a test would like to assert on them: JSON-looking strings decoded, uploads described. */
export function normalizeForRecord(
  fields: Readonly<Record<string, unknown>>,
  files: ReadonlyMap<string, UploadedFile>,
): Record<string, unknown> {
  const describe = (value: unknown): unknown => {
    if (typeof value === 'string') {
      if (value.startsWith('attach://')) {
        const file = files.get(value.slice('attach://'.length));
        return file ? { upload: { filename: file.filename, size: file.data.length, mimeType: file.mimeType } } : value;
      }
      const trimmed = value.trim();
      if ((trimmed.startsWith('{') && trimmed.endsWith('}')) || (trimmed.startsWith('[') && trimmed.endsWith(']'))) {
        try {
          return describe(JSON.parse(trimmed) as unknown);
        } catch {
          return value;
        }
      }
      return value;
    }
    if (Array.isArray(value)) return value.map(describe);
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, describe(v)]));
    }
    return value;
  };
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) out[key] = describe(value);
  const referenced = new Set(
    JSON.stringify(fields)
      .match(/attach:\/\/[^"\\]+/g)
      ?.map((ref) => ref.slice('attach://'.length)) ?? [],
  );
  for (const file of files.values()) {
    if (referenced.has(file.field) || out[file.field] !== undefined) continue;
    out[file.field] = { upload: { filename: file.filename, size: file.data.length, mimeType: file.mimeType } };
  }
  return out;
}
