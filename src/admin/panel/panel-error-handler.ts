import type { ErrorRequestHandler } from 'express';
import { toAppError } from '../../shared/errors.ts';
import type { Logger } from '../../shared/logger.ts';
import { fromBodyParserError } from '../http/error-handler.ts';
import { HTTP_STATUS } from '../http/error-response.ts';
import { CsrfError } from '../auth/csrf-error.ts';
import { translator } from './i18n/translator.ts';
import type { MessageKey } from './i18n/en.ts';
import type { PageRenderer } from './render/page-renderer.ts';

/** Errors on panel pages: a page in the panel's layout and language (403 for CSRF, 404, …). */
export function createPanelErrorHandler(deps: { pages: PageRenderer; logger: Logger }): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const appError = fromBodyParserError(error) ?? toAppError(error);
    const status = HTTP_STATUS[appError.code];
    if (status >= 500) deps.logger.error({ msg: 'panel request failed', err: error, path: req.path });
    try {
      const t = translator(deps.pages.languageOf(req, res));
      const message =
        error instanceof CsrfError
          ? t('error.csrf')
          : appError.code === 'forbidden'
            ? t('error.forbidden')
            : appError.code === 'not_found'
              ? t('error.notFound')
              : status >= 500 || !appError.expose
                ? t('error.generic')
                : appError.message;
      const titleKey = `error.title.${status}` as MessageKey;
      deps.pages.render(req, res, 'error', { title: titleKey, heading: t(titleKey), message }, status);
    } catch (renderError) {
      deps.logger.error({ msg: 'error page failed', err: renderError });
      res.status(status).type('text').send(appError.expose ? appError.message : 'Internal error');
    }
  };
}
