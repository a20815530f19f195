import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import express, { Router } from 'express';

const require = createRequire(import.meta.url);
const PUBLIC_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../public');
const FONT_DIR = path.join(path.dirname(require.resolve('vazirmatn/package.json')), 'fonts', 'webfonts');

/** Files the panel serves itself, from its own folder and two npm packages. */
const VENDOR_FILES: Record<string, string> = {
  'htmx.min.js': require.resolve('htmx.org/dist/htmx.min.js'),
  'fonts/Vazirmatn-Regular.woff2': path.join(FONT_DIR, 'Vazirmatn-Regular.woff2'),
  'fonts/Vazirmatn-Bold.woff2': path.join(FONT_DIR, 'Vazirmatn-Bold.woff2'),
};

/**
 * GET /static/…: the stylesheet and scripts (URLs carry `?v=<version>`, so they may be cached
 * for a day), htmx and the Vazirmatn font. No directory listings, no dotfiles.
 */
export function createStaticRouter(): Router {
  const router = Router();
  const cacheControl = 'public, max-age=86400';
  for (const [name, file] of Object.entries(VENDOR_FILES)) {
    router.get(`/static/${name}`, (_req, res, next) => {
      res.setHeader('Cache-Control', name.startsWith('fonts/') ? 'public, max-age=31536000, immutable' : cacheControl);
      res.sendFile(file, (error) => {
        if (error) next(error);
      });
    });
  }
  router.use('/static', express.static(PUBLIC_DIR, { index: false, dotfiles: 'ignore', fallthrough: true, maxAge: '1d' }));
  return router;
}
