import { Router, type Request } from 'express';
import { createCategory, listCategories, updateCategory } from '../../../shared/domain/review/category-admin.ts';
import { checkbox, formBody, integer, text } from '../forms/form-values.ts';
import { setFlash } from '../forms/flash.ts';
import { translator } from '../i18n/translator.ts';
import type { PanelDeps } from '../panel-deps.ts';
import { actorOf, flashingErrors, idParam } from './request-helpers.ts';

/** GET/POST /categories and POST /categories/:id (admins): names in both languages, order, active, hashtag. */
export function createCategoryRoutes(deps: PanelDeps): Router {
  const router = Router();

  router.get('/categories', async (req, res) => {
    const categories = await listCategories(deps.db);
    const nextOrder = Math.max(0, ...categories.map((c) => c.sortOrder)) + 10;
    deps.pages.render(req, res, 'categories', { title: 'categories.title', categories, nextOrder });
  });

  router.post('/categories', async (req, res) => {
    const { ok } = await flashingErrors(req, async () => {
      await createCategory(deps.db, { slug: text(formBody(req), 'slug'), ...categoryFields(req) }, actorOf(req, res));
    });
    if (ok) setFlash(req, 'ok', translator(deps.pages.languageOf(req, res))('categories.created'));
    res.redirect(303, '/categories');
  });

  router.post('/categories/:id', async (req, res) => {
    const id = idParam(req, 'id');
    const { ok } = await flashingErrors(req, async () => {
      await updateCategory(deps.db, id, categoryFields(req), actorOf(req, res));
    });
    if (ok) setFlash(req, 'ok', translator(deps.pages.languageOf(req, res))('categories.updated'));
    res.redirect(303, '/categories');
  });

  return router;
}

function categoryFields(req: Request) {
  const body = formBody(req);
  return {
    nameFa: text(body, 'nameFa'),
    nameEn: text(body, 'nameEn'),
    hashtag: text(body, 'hashtag'),
    sortOrder: integer(body, 'sortOrder') ?? Number.NaN,
    active: checkbox(body, 'active'),
  };
}
