import { Router, type Request, type Response } from 'express';
import { createPartnerClient, listPartnerClients, revokePartnerClient } from '../../../shared/domain/partners/partner-clients.ts';
import { updatePartnerRateLimit } from '../../../shared/domain/review/partner-client-limits.ts';
import { formBody, integer, text } from '../forms/form-values.ts';
import { setFlash } from '../forms/flash.ts';
import { translator } from '../i18n/translator.ts';
import type { PanelDeps } from '../panel-deps.ts';
import { actorOf, flashingErrors, idParam } from './request-helpers.ts';

/**
 * GET/POST /partners (admins): partner API clients. A new key is shown once, in the answer to
 * the POST itself (never stored in clear, not even in the session), with Cache-Control: no-store.
 */
export function createPartnerRoutes(deps: PanelDeps): Router {
  const router = Router();

  const show = async (req: Request, res: Response, revealed: { label: string; secret: string } | null = null, status = 200) => {
    const clients = await listPartnerClients(deps.db);
    deps.pages.render(req, res, 'partners', { title: 'partners.title', clients, revealed }, status);
  };

  router.get('/partners', (req, res) => show(req, res));

  router.post('/partners', async (req, res) => {
    const body = formBody(req);
    const created = await flashingErrors(req, () =>
      createPartnerClient(deps.db, { name: text(body, 'name'), rateLimitPerMin: integer(body, 'rateLimitPerMin') ?? Number.NaN }, actorOf(req, res)),
    );
    if (!created.ok) {
      res.redirect(303, '/partners');
      return;
    }
    const t = translator(deps.pages.languageOf(req, res));
    await show(req, res, { label: t('partners.keyFor', { name: created.value.client.name }), secret: created.value.key }, 201);
  });

  router.post('/partners/:id/rate-limit', async (req, res) => {
    const id = idParam(req, 'id');
    const { ok } = await flashingErrors(req, async () => {
      await updatePartnerRateLimit(deps.db, id, integer(formBody(req), 'rateLimitPerMin') ?? Number.NaN, actorOf(req, res));
    });
    if (ok) setFlash(req, 'ok', translator(deps.pages.languageOf(req, res))('partners.updated'));
    res.redirect(303, '/partners');
  });

  router.post('/partners/:id/revoke', async (req, res) => {
    const id = idParam(req, 'id');
    const { ok } = await flashingErrors(req, async () => {
      await revokePartnerClient(deps.db, id, actorOf(req, res));
    });
    if (ok) setFlash(req, 'ok', translator(deps.pages.languageOf(req, res))('partners.revokedDone'));
    res.redirect(303, '/partners');
  });

  return router;
}
