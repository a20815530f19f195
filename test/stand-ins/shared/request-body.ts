import type http from 'node:http';
import busboy from 'busboy';

export interface UploadedFile {
  /** The multipart part name (for grammY uploads: the random id used in `attach://<id>`). */
  readonly field: string;
  readonly filename: string;
  readonly mimeType: string;
  readonly data: Buffer;
}

export type BodyKind = 'none' | 'json' | 'form' | 'multipart' | 'other';

export interface RequestBody {
  readonly kind: BodyKind;
  /** Query string parameters overlaid with body parameters (the body wins). */
  readonly fields: Record<string, unknown>;
  readonly files: ReadonlyMap<string, UploadedFile>;
  readonly bytes: number;
}

export class BodyParseError extends Error {
  constructor(
    message: string,
    /** True when the client went away before the body was complete. */
    readonly aborted = false,
  ) {
    super(message);
    this.name = 'BodyParseError';
  }
}

export interface ReadBodyOptions {
  readonly maxBytes?: number;
  readonly maxFileBytes?: number;
}

const DEFAULT_MAX_BYTES = 60 * 1024 * 1024;

/**
 * Reads and parses a whole request body (JSON, urlencoded or multipart) together with the
 * query string. Resolving means the request was fully received.
 */
export async function readRequestBody(req: http.IncomingMessage, options: ReadBodyOptions = {}): Promise<RequestBody> {
  const url = new URL(req.url ?? '/', 'http://stand-in');
  const fields: Record<string, unknown> = Object.fromEntries(url.searchParams.entries());
  const contentType = (req.headers['content-type'] ?? '').toLowerCase();
  if (contentType.startsWith('multipart/form-data')) {
    return readMultipart(req, fields, options);
  }
  const raw = await readRaw(req, options.maxBytes ?? DEFAULT_MAX_BYTES);
  if (raw.length === 0) return { kind: 'none', fields, files: new Map(), bytes: 0 };
  const text = raw.toString('utf8');
  if (contentType.startsWith('application/json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new BodyParseError('invalid JSON body');
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new BodyParseError('JSON body must be an object');
    }
    return { kind: 'json', fields: { ...fields, ...(parsed as Record<string, unknown>) }, files: new Map(), bytes: raw.length };
  }
  if (contentType.startsWith('application/x-www-form-urlencoded')) {
    for (const [key, value] of new URLSearchParams(text)) fields[key] = value;
    return { kind: 'form', fields, files: new Map(), bytes: raw.length };
  }
  return { kind: 'other', fields, files: new Map(), bytes: raw.length };
}

function readRaw(req: http.IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let finished = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        finished = true;
        reject(new BodyParseError('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      finished = true;
      resolve(Buffer.concat(chunks));
    });
    req.on('close', () => {
      if (!finished) reject(new BodyParseError('client closed the connection before the body was complete', true));
    });
    req.on('error', (error) => {
      if (!finished) reject(new BodyParseError(error.message, true));
    });
  });
}

function readMultipart(
  req: http.IncomingMessage,
  fields: Record<string, unknown>,
  options: ReadBodyOptions,
): Promise<RequestBody> {
  return new Promise((resolve, reject) => {
    const files = new Map<string, UploadedFile>();
    let bytes = 0;
    let settled = false;
    const fail = (error: BodyParseError): void => {
      if (settled) return;
      settled = true;
      reject(error);
    };
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        limits: { fileSize: options.maxFileBytes ?? DEFAULT_MAX_BYTES, fieldSize: 10 * 1024 * 1024 },
      });
    } catch (error) {
      reject(new BodyParseError(error instanceof Error ? error.message : 'bad multipart body'));
      return;
    }
    parser.on('field', (name, value) => {
      bytes += value.length;
      fields[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        chunks.push(chunk);
      });
      stream.on('limit', () => fail(new BodyParseError('file too large')));
      stream.on('end', () => {
        files.set(name, {
          field: name,
          filename: info.filename ?? name,
          mimeType: info.mimeType,
          data: Buffer.concat(chunks),
        });
      });
    });
    parser.on('close', () => {
      if (settled) return;
      settled = true;
      resolve({ kind: 'multipart', fields, files, bytes });
    });
    parser.on('error', (error: unknown) => {
      fail(new BodyParseError(error instanceof Error ? error.message : 'bad multipart body', req.destroyed || !req.complete));
    });
    req.on('close', () => {
      if (!req.complete) fail(new BodyParseError('client closed the connection before the body was complete', true));
    });
    req.pipe(parser);
  });
}
