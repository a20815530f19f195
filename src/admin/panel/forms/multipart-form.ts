import busboy from 'busboy';
import type { RequestHandler, Response } from 'express';
import { AppError } from '../../../shared/errors.ts';
import { findCurrentStaff } from '../../auth/current-staff.ts';

/**
 * Parses a `multipart/form-data` form (fields into `req.body`, like the urlencoded parser, so the
 * CSRF check and the handlers read them the same way) with at most one file, kept in memory up
 * to `maxFileBytes`. Only for admins: anyone else's upload is not read at all (the access checks
 * after it refuse the request).
 */
export interface UploadedFile {
  readonly field: string;
  readonly filename: string;
  readonly data: Buffer;
}

const FILE_KEY = 'agahiUpload';

export function uploadedFile(res: Response): UploadedFile | null {
  return (res.locals[FILE_KEY] as UploadedFile | undefined) ?? null;
}

export function multipartForm(options: { fileField: string; maxFileBytes: number; maxFieldBytes?: number }): RequestHandler {
  return (req, res, next) => {
    if (!req.is('multipart/form-data') || findCurrentStaff(res)?.role !== 'admin') {
      next();
      return;
    }
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { files: 1, fileSize: options.maxFileBytes + 1, fields: 50, fieldSize: options.maxFieldBytes ?? 64 * 1024 } });
    } catch {
      next(new AppError('validation_failed', 'Malformed form upload'));
      return;
    }
    const fields: Record<string, string> = {};
    let failure: AppError | null = null;
    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      if (name !== options.fileField) {
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= options.maxFileBytes) chunks.push(chunk);
      });
      stream.on('limit', () => {
        failure = new AppError('payload_too_large', `The file is larger than ${Math.round(options.maxFileBytes / 1024 / 1024)} MB`);
      });
      stream.on('end', () => {
        if (size > 0 && size <= options.maxFileBytes) res.locals[FILE_KEY] = { field: name, filename: info.filename, data: Buffer.concat(chunks) } satisfies UploadedFile;
      });
    });
    parser.on('error', () => next(new AppError('validation_failed', 'Malformed form upload')));
    parser.on('close', () => {
      if (failure) {
        next(failure);
        return;
      }
      req.body = fields;
      next();
    });
    req.pipe(parser);
  };
}
