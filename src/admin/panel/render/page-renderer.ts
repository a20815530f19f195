import type { Request, Response } from 'express';
import { findCurrentStaff, type CurrentStaff } from '../../auth/current-staff.ts';
import { csrfTokenFor, CSRF_FIELD } from '../../auth/csrf-protection.ts';
import { directionOf, isPanelLanguage, translateKnown, translator, type PanelLanguage, type Translate } from '../i18n/translator.ts';
import { formattersFor, type Formatters } from '../i18n/formatters.ts';
import type { MessageKey } from '../i18n/en.ts';
import { takeFlash, type Flash } from '../forms/flash.ts';
import { isCurrent, NAV_ITEMS } from './navigation.ts';
import { themeOf, type Theme } from './theme.ts';
import type { ViewEngine } from './view-engine.ts';

/** What every template sees as `it` (plus the page's own data). */
export interface PageContext {
  readonly lang: PanelLanguage;
  readonly dir: 'rtl' | 'ltr';
  readonly t: Translate;
  /** `label('status', 'approved')` → the translated label, or the raw value when unknown. */
  readonly label: (prefix: string, value: string) => string;
  readonly fmt: Formatters;
  readonly staff: CurrentStaff | null;
  readonly isAdmin: boolean;
  readonly csrfToken: string;
  readonly csrfField: string;
  readonly theme: Theme;
  readonly nav: ReadonlyArray<{ href: string; label: string; current: boolean }>;
  readonly flash: Flash | null;
  /** Asset version for cache busting (`?v=`). */
  readonly v: string;
  readonly path: string;
  readonly title: string;
}

export interface PageRenderer {
  /** A full page in the layout. `title` is a message key or a ready text. */
  render(req: Request, res: Response, view: string, data: { title: MessageKey | string } & Record<string, unknown>, status?: number): void;
  /** A fragment without the layout (htmx swaps). */
  renderPartial(req: Request, res: Response, view: string, data: Record<string, unknown>): void;
  languageOf(req: Request, res: Response): PanelLanguage;
  /** The context every template gets (also for view-models that need `t` or `fmt`). */
  context(req: Request, res: Response, title?: string): PageContext;
}

export function createPageRenderer(deps: { views: ViewEngine; version: string }): PageRenderer {
  function languageOf(req: Request, res: Response): PanelLanguage {
    const staff = findCurrentStaff(res);
    if (staff) return staff.language;
    const chosen = req.session?.language;
    return isPanelLanguage(chosen) ? chosen : 'fa';
  }

  function context(req: Request, res: Response, rawTitle = ''): PageContext {
    const lang = languageOf(req, res);
    const t = translator(lang);
    const staff = findCurrentStaff(res);
    const isAdmin = staff?.role === 'admin';
    return {
      lang,
      dir: directionOf(lang),
      t,
      label: (prefix, value) => translateKnown(t, `${prefix}.${value}`, value),
      fmt: formattersFor(lang),
      staff,
      isAdmin,
      csrfToken: req.session ? csrfTokenFor(req) : '',
      csrfField: CSRF_FIELD,
      theme: themeOf(req),
      nav: staff
        ? NAV_ITEMS.filter((item) => isAdmin || !item.adminOnly).map((item) => ({ href: item.href, label: t(item.label), current: isCurrent(item.href, req.path) }))
        : [],
      flash: null,
      v: deps.version,
      path: req.path,
      title: translateKnown(t, rawTitle, rawTitle),
    };
  }

  return {
    languageOf,
    context,
    render(req, res, view, data, status = 200) {
      const flash = req.session ? takeFlash(req) : null;
      const html = deps.views.render(view, { ...data, ...context(req, res, data.title), flash });
      res.status(status).type('html').setHeader('Cache-Control', 'no-store');
      res.send(html);
    },
    renderPartial(req, res, view, data) {
      const html = deps.views.render(view, { ...data, ...context(req, res) });
      res.status(200).type('html').setHeader('Cache-Control', 'no-store');
      res.send(html);
    },
  };
}
