import { Router, type Request, type Response } from 'express';
import { listBots } from '../../../shared/domain/review/bot-admin-actions.ts';
import { createBroadcast } from '../../../shared/domain/broadcast/create-broadcast.ts';
import { cancelBroadcast, pauseBroadcast, resumeBroadcast, startBroadcast, type BroadcastActionDeps } from '../../../shared/domain/broadcast/broadcast-actions.ts';
import { listBroadcasts, loadBroadcastProgress, loadRecipientPage, type BroadcastProgress } from '../../../shared/domain/broadcast/broadcast-queries.ts';
import { storeBroadcastPhoto } from '../../../shared/domain/broadcast/broadcast-photo.ts';
import { mediaRootOf } from '../../../shared/domain/images/media-storage.ts';
import { currentStaff } from '../../auth/current-staff.ts';
import { formBody, integer, queryValues, text } from '../forms/form-values.ts';
import { setFlash } from '../forms/flash.ts';
import { uploadedFile } from '../forms/multipart-form.ts';
import { translator } from '../i18n/translator.ts';
import type { MessageKey } from '../i18n/en.ts';
import type { PanelDeps } from '../panel-deps.ts';
import { actorOf, flashingErrors, idParam } from './request-helpers.ts';

/**
 * Broadcasts (admins; the panel router refuses moderators with 403): compose (bot, text, optional
 * photo) → a draft with its preview and audience → Start, Pause, Resume, Cancel, with live
 * progress (htmx refresh of the progress fragment) and the per-user results, paged. Sending is
 * the bot process's `broadcast` job; these routes only write rows.
 */
const ACTIONS = {
  start: { run: startBroadcast, done: 'broadcasts.started' },
  pause: { run: pauseBroadcast, done: 'broadcasts.paused' },
  resume: { run: resumeBroadcast, done: 'broadcasts.resumed' },
  cancel: { run: cancelBroadcast, done: 'broadcasts.cancelled' },
} as const satisfies Record<string, { run: (deps: BroadcastActionDeps, id: number, actor: ReturnType<typeof actorOf>) => Promise<unknown>; done: MessageKey }>;

export function createBroadcastRoutes(deps: PanelDeps): Router {
  const router = Router();
  const actionDeps: BroadcastActionDeps = { db: deps.db, jobs: deps.runtime.jobs };
  const mediaRoot = mediaRootOf(deps.runtime.config.dataDir);

  router.get('/broadcasts', async (req, res) => {
    const [broadcasts, bots] = await Promise.all([listBroadcasts(deps.db), listBots(deps.db)]);
    deps.pages.render(req, res, 'broadcasts', { title: 'broadcasts.title', broadcasts, bots });
  });

  router.post('/broadcasts', async (req, res) => {
    const body = formBody(req);
    const result = await flashingErrors(req, async () => {
      const file = uploadedFile(res);
      const photoPath = file ? await storeBroadcastPhoto(mediaRoot, file.data) : null;
      return createBroadcast(deps.db, { botId: integer(body, 'botId') ?? 0, text: text(body, 'text'), photoPath, createdById: currentStaff(res).id }, actorOf(req, res));
    });
    if (!result.ok) {
      res.redirect(303, '/broadcasts');
      return;
    }
    setFlash(req, 'ok', translator(deps.pages.languageOf(req, res))('broadcasts.created'));
    res.redirect(303, `/broadcasts/${result.value.id}`);
  });

  router.get('/broadcasts/:id', async (req, res) => {
    const id = idParam(req, 'id');
    const query = queryValues(req);
    const [progress, recipients] = await Promise.all([
      loadBroadcastProgress(deps.db, id),
      loadRecipientPage(deps.db, id, integer(query, 'page') ?? 1, text(query, 'status') || null),
    ]);
    const bot = await deps.db.telegramBot.findUnique({ where: { id: progress.broadcast.botId }, select: { name: true, username: true } });
    deps.pages.render(req, res, 'broadcast-detail', {
      title: translator(deps.pages.languageOf(req, res))('broadcasts.detailTitle', { id }),
      useHtmx: true,
      ...progressView(progress),
      botName: bot ? (bot.username ? `${bot.name} (@${bot.username})` : bot.name) : '—',
      recipients,
    });
  });

  router.get('/broadcasts/:id/progress', async (req, res) => {
    const progress = await loadBroadcastProgress(deps.db, idParam(req, 'id'));
    deps.pages.renderPartial(req, res, 'partials/broadcast-progress', progressView(progress));
  });

  for (const [name, action] of Object.entries(ACTIONS)) {
    router.post(`/broadcasts/:id/${name}`, async (req: Request, res: Response) => {
      const id = idParam(req, 'id');
      const { ok } = await flashingErrors(req, () => action.run(actionDeps, id, actorOf(req, res)));
      if (ok) setFlash(req, 'ok', translator(deps.pages.languageOf(req, res))(action.done));
      res.redirect(303, `/broadcasts/${id}`);
    });
  }

  return router;
}

function progressView(progress: BroadcastProgress) {
  const { broadcast, counts } = progress;
  const total = broadcast.total;
  const done = total - progress.remaining;
  return {
    broadcast,
    counts,
    audience: progress.audience,
    lastError: progress.lastError,
    percent: total > 0 ? done / total : null,
    live: broadcast.status === 'running' || broadcast.status === 'paused',
    photoUrl: broadcast.photoPath ? `/media/${broadcast.photoPath}` : null,
  };
}
