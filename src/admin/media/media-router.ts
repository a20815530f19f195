import fs from 'node:fs';
import path from 'node:path';
import { Router, type NextFunction, type Request, type Response } from 'express';
import type { Runtime } from '../../shared/runtime/create-runtime.ts';
import { AppError } from '../../shared/errors.ts';
import { mediaRootOf, resolveMediaFile } from '../../shared/domain/images/media-storage.ts';
import { sendJsonError } from '../http/error-response.ts';

/**
 * GET/HEAD /media/<path>: the generated ad images, public (Instagram fetches them), from
 * `<dataDir>/media`. Only image files, never a directory, a dot file or anything outside the
 * folder; a missing file is a 404 in the JSON error shape. Nothing is rendered here: the images
 * are made by the bot process's jobs.
 */
const CONTENT_TYPES: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
};

export function createMediaRouter(runtime: Runtime): Router {
  const mediaRoot = mediaRootOf(runtime.config.dataDir);
  const router = Router();
  // Mounted with use(): the path stays raw (no parameter decoding that could fail before us).
  router.use('/media', (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const relative = decodePath(req.path.replace(/^\//, ''));
    const file = relative === null ? null : resolveMediaFile(mediaRoot, relative);
    const type = file ? CONTENT_TYPES[path.extname(file).toLowerCase()] : undefined;
    if (!file || !type) return notFound(res);
    fs.stat(file, (error, stats) => {
      if (error || !stats.isFile()) return notFound(res);
      res.setHeader('Cache-Control', 'public, max-age=86400');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
      res.sendFile(file, { dotfiles: 'deny', lastModified: true, etag: true, headers: { 'Content-Type': type } }, (sendError) => {
        if (sendError && !res.headersSent) notFound(res);
      });
    });
  });
  return router;
}

function decodePath(raw: string): string | null {
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

function notFound(res: Response): void {
  sendJsonError(res, new AppError('not_found', 'No such media file'));
}
