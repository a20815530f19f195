import { Router } from 'express';
import { listBots, updateBot, type BotChanges } from '../../../shared/domain/review/bot-admin-actions.ts';
import { isBotOnline } from '../../../shared/domain/review/bot-presence.ts';
import { AppError } from '../../../shared/errors.ts';
import { formBody, text } from '../forms/form-values.ts';
import { setFlash } from '../forms/flash.ts';
import { translator } from '../i18n/translator.ts';
import type { PanelDeps } from '../panel-deps.ts';
import { actorOf, flashingErrors, idParam } from './request-helpers.ts';

/**
 * GET /bots, POST /bots (add: the injected BotAdder), POST /bots/:id (rename, enable/disable,
 * switch polling/webhook: each bumps configVersion, which the bot process watches).
 */
export function createBotRoutes(deps: PanelDeps): Router {
  const router = Router();

  router.get('/bots', async (req, res) => {
    const now = new Date();
    const bots = await listBots(deps.db);
    deps.pages.render(req, res, 'bots', { title: 'bots.title', bots: bots.map((bot) => ({ ...bot, online: isBotOnline(bot.heartbeatAt, now) })) });
  });

  router.post('/bots', async (req, res) => {
    const body = formBody(req);
    const token = text(body, 'token').trim();
    const mode = text(body, 'mode') === 'webhook' ? 'webhook' : 'polling';
    const t = translator(deps.pages.languageOf(req, res));
    try {
      if (!token) throw new AppError('validation_failed', 'Enter the bot token', { fields: { token: 'required' } });
      const bot = await deps.addBot({ token, mode }, actorOf(req, res));
      setFlash(req, 'ok', t('bots.added', { name: bot.name }));
    } catch (error) {
      if (!(error instanceof AppError) || error.code === 'internal') throw error;
      setFlash(req, 'error', error.message);
    }
    res.redirect(303, '/bots');
  });

  router.post('/bots/:id', async (req, res) => {
    const id = idParam(req, 'id');
    const body = formBody(req);
    const changes: BotChanges = {
      ...(body.name !== undefined ? { name: text(body, 'name') } : {}),
      ...(body.enabled !== undefined ? { enabled: text(body, 'enabled') === 'true' } : {}),
      ...(body.mode !== undefined ? { mode: text(body, 'mode') === 'webhook' ? 'webhook' : 'polling' } : {}),
    };
    const { ok } = await flashingErrors(req, () => updateBot(deps.db, id, changes, actorOf(req, res)).then(() => undefined));
    if (ok) setFlash(req, 'ok', translator(deps.pages.languageOf(req, res))('bots.updated'));
    res.redirect(303, '/bots');
  });

  return router;
}
