import express, { Router } from 'express';
import type { Runtime } from '../../shared/runtime/create-runtime.ts';
import { AppError } from '../../shared/errors.ts';
import { PrismaSessionStore } from '../auth/prisma-session-store.ts';
import { createSessionMiddleware } from '../auth/session-middleware.ts';
import { requireCsrf } from '../auth/csrf-protection.ts';
import { createLoginThrottle } from '../auth/login-throttle.ts';
import { identifyStaff, requireAdmin, requirePanelLogin } from '../auth/staff-access.ts';
import { createStaffApiRouter } from '../staff-api/staff-api-router.ts';
import { isPanelPath } from './panel-paths.ts';
import type { PanelDeps, PanelOptions } from './panel-deps.ts';
import { securityHeaders } from './security-headers.ts';
import { createStaticRouter } from './static-router.ts';
import { createViewEngine } from './render/view-engine.ts';
import { createPageRenderer } from './render/page-renderer.ts';
import { createPanelErrorHandler } from './panel-error-handler.ts';
import { botAdderNotAvailable } from './bot-admin.ts';
import { deferInstagramCheckToDoctor } from './instagram-check.ts';
import { createLoginRoutes } from './routes/login-routes.ts';
import { createDashboardRoutes } from './routes/dashboard-routes.ts';
import { createAdsListRoutes } from './routes/ads-list-routes.ts';
import { createAdsCsvRoutes } from './routes/ads-csv-routes.ts';
import { createAdReviewRoutes } from './routes/ad-review-routes.ts';
import { createDeliveryRoutes } from './routes/delivery-routes.ts';
import { createPublishingQueueRoutes } from './routes/publishing-queue-routes.ts';
import { createSettingsRoutes } from './routes/settings-routes.ts';
import { createBotRoutes } from './routes/bot-routes.ts';
import { createCategoryRoutes } from './routes/category-routes.ts';
import { createPartnerRoutes } from './routes/partner-routes.ts';
import { createStaffRoutes } from './routes/staff-routes.ts';
import { createAuditRoutes } from './routes/audit-routes.ts';
import { createAccountRoutes } from './routes/account-routes.ts';
import { createBroadcastRoutes } from './routes/broadcast-routes.ts';
import { multipartForm } from './forms/multipart-form.ts';
import { MAX_BROADCAST_PHOTO_BYTES } from '../../shared/domain/broadcast/broadcast-photo.ts';
import { createSubmitterRoutes } from './routes/submitter-routes.ts';

const ADMIN_ONLY_PATHS = ['/settings', '/bots', '/categories', '/partners', '/staff', '/audit', '/broadcasts'];

/**
 * The admin panel pages and the staff JSON API (CONTRACT.md §3). Only the panel's own paths
 * enter (see panel-paths.ts); for them: security headers, static files, the database-backed
 * session, the staff API, then the pages behind login (and admin for the admin-only ones).
 */
export function createPanelRouter(runtime: Runtime, options: PanelOptions = {}): Router {
  const db = runtime.database.db;
  const pages = createPageRenderer({ views: createViewEngine({ cache: options.viewCache ?? true }), version: runtime.config.version });
  const deps: PanelDeps = {
    runtime,
    db,
    decide: { db, jobs: runtime.jobs, settings: runtime.settings },
    pages,
    throttle: options.throttle ?? createLoginThrottle(),
    addBot: options.addBot ?? botAdderNotAvailable,
    checkInstagram: options.checkInstagram ?? deferInstagramCheckToDoctor,
  };
  const store = new PrismaSessionStore({ db, onError: (error) => runtime.logger.warn({ msg: 'session cleanup failed', err: error }) });

  const router = Router();
  router.use((req, _res, next) => next(isPanelPath(req.path) ? undefined : 'router'));
  router.use(securityHeaders());
  router.use(createStaticRouter());
  router.use(createSessionMiddleware({ appSecret: runtime.config.appSecret, store }));
  router.use('/api/staff', createStaffApiRouter(deps));

  const pagesRouter = Router();
  // The settings form carries the image template (up to 50,000 characters of JSON, percent-encoded).
  pagesRouter.use('/settings', express.urlencoded({ extended: false, limit: '256kb', parameterLimit: 200 }));
  pagesRouter.use(express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 2000 }));
  pagesRouter.use(identifyStaff(db, { allowBearer: false }));
  // The broadcast form carries a photo (multipart; read for admins only, before the CSRF check needs its fields).
  pagesRouter.use('/broadcasts', multipartForm({ fileField: 'photo', maxFileBytes: MAX_BROADCAST_PHOTO_BYTES }));
  pagesRouter.use(requireCsrf());
  pagesRouter.use(createLoginRoutes(deps));
  pagesRouter.use(requirePanelLogin());
  pagesRouter.use(ADMIN_ONLY_PATHS, requireAdmin());
  for (const create of [
    createDashboardRoutes,
    createAdsCsvRoutes,
    createAdsListRoutes,
    createAdReviewRoutes,
    createDeliveryRoutes,
    createPublishingQueueRoutes,
    createSettingsRoutes,
    createBotRoutes,
    createCategoryRoutes,
    createPartnerRoutes,
    createStaffRoutes,
    createAuditRoutes,
    createAccountRoutes,
    createBroadcastRoutes,
    createSubmitterRoutes,
  ]) {
    pagesRouter.use(create(deps));
  }
  pagesRouter.use((req, _res, next) => next(new AppError('not_found', `No page at ${req.path}`)));
  pagesRouter.use(createPanelErrorHandler({ pages, logger: runtime.logger }));
  router.use(pagesRouter);
  return router;
}
