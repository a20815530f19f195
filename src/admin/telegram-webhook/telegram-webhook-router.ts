import express, { Router, type ErrorRequestHandler, type RequestHandler } from 'express';
import type { Runtime } from '../../shared/runtime/create-runtime.ts';
import { AppError } from '../../shared/errors.ts';
import { createInboxRecorder, isRecordableUpdate, type InboxRecorder } from '../../shared/domain/telegram/inbox-recorder.ts';
import { createInboxGroupCommit } from '../../shared/domain/telegram/inbox-group-commit.ts';
import { createInboxMetrics, type InboxMetrics } from '../../shared/domain/telegram/inbox-metrics.ts';
import { createUpdateFloodLimiter, type FloodLimits } from '../../shared/domain/telegram/update-flood-limiter.ts';
import { fromBodyParserError } from '../http/error-handler.ts';
import { secretsEqual } from './secret-compare.ts';
import { createWebhookBotCache } from './webhook-bot-cache.ts';

/** Telegram sends one update per request; 1 MiB is far above any real one. */
const BODY_LIMIT_BYTES = 1024 * 1024;
const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

export interface TelegramWebhookOptions {
  readonly metrics?: InboxMetrics;
  readonly flood?: FloodLimits;
  readonly recorder?: InboxRecorder;
}

/**
 * `POST /telegram/webhook/:botId` (CONTRACT.md §3): the bot must exist and be enabled (else
 * 404), the secret header must match its webhook secret (else 401, compared in constant time,
 * before the body is read), the body must be one JSON update (else 400; over 1 MiB 413). The
 * update is recorded in the inbox — a redelivery is ignored — and only then answered 200
 * (updates that arrive together are committed together: inbox-group-commit.ts).
 * Nothing else happens in the request: the bot process handles the update from the inbox.
 */
export function createTelegramWebhookRouter(runtime: Runtime, options: TelegramWebhookOptions = {}): Router {
  const bots = createWebhookBotCache(runtime);
  const recorder =
    options.recorder ??
    createInboxRecorder({
      provider: runtime.database.provider,
      metrics: options.metrics ?? createInboxMetrics(runtime.metrics),
      flood: createUpdateFloodLimiter(options.flood),
    });
  // Updates arriving together are written by one INSERT; each request still waits for its own.
  const inbox = createInboxGroupCommit(runtime.database.db, recorder);

  const authenticate: RequestHandler = async (req, res, next) => {
    const botId = Number(req.params.botId);
    if (!Number.isSafeInteger(botId) || botId <= 0) throw new AppError('not_found', 'Unknown bot');
    let bot = await bots.get(botId);
    if (!bot?.enabled) throw new AppError('not_found', 'Unknown bot');
    const given = req.get(SECRET_HEADER) ?? '';
    const matches = (secret: string | null) => secret !== null && given !== '' && secretsEqual(given, secret);
    if (!matches(bot.secret)) {
      bot = await bots.get(botId, { fresh: true });
      if (!bot?.enabled) throw new AppError('not_found', 'Unknown bot');
      if (!matches(bot.secret)) throw new AppError('unauthorized', 'Wrong or missing X-Telegram-Bot-Api-Secret-Token');
    }
    res.locals.botId = botId;
    next();
  };

  const parseBody = express.json({ limit: BODY_LIMIT_BYTES, type: () => true, strict: true });

  const bodyErrors: ErrorRequestHandler = (error, _req, _res, next) => {
    const appError = fromBodyParserError(error);
    if (appError?.code === 'payload_too_large') next(new AppError('payload_too_large', 'Request body is larger than 1 MiB'));
    else next(appError ?? error);
  };

  const record: RequestHandler = async (req, res) => {
    const update: unknown = req.body;
    if (!isRecordableUpdate(update)) throw new AppError('invalid_json', 'The body is not a Telegram update (update_id missing or invalid)');
    await inbox.record(res.locals.botId as number, update);
    res.status(200).json({ ok: true });
  };

  const router = Router();
  router.post('/telegram/webhook/:botId', authenticate, parseBody, bodyErrors, record);
  return router;
}
