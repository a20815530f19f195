import type http from 'node:http';
import { performance } from 'node:perf_hooks';
import type { CallLog } from '../shared/call-log.ts';
import { jsonReply, runExchange, writeReply, type HttpReply } from '../shared/exchange.ts';
import { describeFault, type FaultRegistry } from '../shared/faults.ts';
import { linkedSignal } from '../shared/linked-signal.ts';
import { BodyParseError, readRequestBody, type RequestBody } from '../shared/request-body.ts';
import { notFound, statusError, TelegramApiError, unauthorized } from './api-error.ts';
import type { TelegramCall } from './call-record.ts';
import type { FloodLimiter } from './flood-limiter.ts';
import { Described, type MethodOptions } from './methods/context.ts';
import { findMethod } from './methods/index.ts';
import { normalizeForRecord, Params } from './params.ts';
import type { BotState, TelegramStore } from './store.ts';
import type { WebhookPusher } from './webhook-pusher.ts';

export interface TelegramServerDeps {
  readonly store: TelegramStore;
  readonly flood: FloodLimiter;
  readonly webhooks: WebhookPusher;
  readonly faults: FaultRegistry;
  readonly log: CallLog<TelegramCall>;
  readonly lifetime: AbortSignal;
  readonly options: MethodOptions;
}

export interface TelegramServer {
  handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void>;
  /** Runs a method a webhook answered with (Telegram executes those too). */
  executeWebhookReply(bot: BotState, params: Record<string, unknown>): Promise<void>;
}

function errorReply(error: TelegramApiError): HttpReply {
  return jsonReply(error.errorCode, error.toJSON());
}

function parseBody(reply: HttpReply | undefined): unknown {
  if (!reply) return undefined;
  const text = reply.body.toString();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The Bot API over HTTP: `/bot<token>/<method>` and `/file/bot<token>/<path>`. */
export function createTelegramServer(deps: TelegramServerDeps): TelegramServer {
  const { store, log, faults, lifetime } = deps;

  async function execute(
    bot: BotState | undefined,
    methodName: string,
    params: Params,
    signal: AbortSignal,
  ): Promise<{ reply: HttpReply; effect: boolean }> {
    if (!bot) return { reply: errorReply(unauthorized()), effect: false };
    const method = findMethod(methodName);
    if (!method) return { reply: errorReply(notFound()), effect: false };
    try {
      const result = await method.handler({ ...deps, bot, params, signal });
      const body = result instanceof Described ? { ok: true, result: result.result, description: result.description } : { ok: true, result };
      return { reply: jsonReply(200, body), effect: true };
    } catch (error) {
      if (error instanceof TelegramApiError) return { reply: errorReply(error), effect: false };
      const message = error instanceof Error ? error.message : String(error);
      return { reply: jsonReply(500, { ok: false, error_code: 500, description: `Internal Server Error: stand-in failure: ${message}` }), effect: false };
    }
  }

  function newRecord(method: string, token: string, bot: BotState | undefined, body: RequestBody, via: TelegramCall['via']): TelegramCall {
    return log.add({
      seq: log.seq(),
      method,
      token,
      botId: bot?.id,
      at: new Date(),
      params: normalizeForRecord(body.fields, body.files),
      files: [...body.files.values()].map((f) => ({ field: f.field, filename: f.filename, size: f.data.length, mimeType: f.mimeType })),
      via,
      fault: undefined,
      effect: false,
      durationMs: undefined,
      response: undefined,
    });
  }

  async function handleMethod(req: http.IncomingMessage, res: http.ServerResponse, token: string, methodName: string): Promise<void> {
    let body: RequestBody;
    try {
      body = await readRequestBody(req);
    } catch (error) {
      if (error instanceof BodyParseError && error.aborted) return;
      writeReply(res, errorReply(new TelegramApiError(400, `Bad Request: ${error instanceof Error ? error.message : 'bad request body'}`)));
      return;
    }
    const started = performance.now();
    const bot = store.botByToken(token);
    const canonical = findMethod(methodName)?.name ?? methodName;
    const record = newRecord(canonical, token, bot, body, 'http');
    const fault = faults.take(canonical, [token, bot ? String(bot.id) : undefined]);
    record.fault = fault ? describeFault(fault) : undefined;
    // Ends long polls when the client goes away or the stand-in closes.
    const link = linkedSignal([lifetime]);
    res.once('close', () => {
      if (!res.writableFinished) link.abort(new Error('client disconnected'));
    });
    let effect = false;
    const outcome = await runExchange({
      res,
      fault,
      lifetime,
      renderStatus: (f) => errorReply(statusError(f.status, f.retryAfter, f.message)),
      effect: async () => {
        const executed = await execute(bot, canonical, new Params(body.fields, body.files), link.signal);
        effect = executed.effect;
        return executed.reply;
      },
    }).finally(() => link.dispose());
    record.effect = outcome.effectRan && effect;
    if (outcome.reply) {
      record.durationMs = performance.now() - started;
      record.response = { status: outcome.reply.status, body: parseBody(outcome.reply) };
    }
    log.publish(record);
  }

  async function handleDownload(req: http.IncomingMessage, res: http.ServerResponse, token: string, filePath: string): Promise<void> {
    req.resume();
    const started = performance.now();
    const bot = store.botByToken(token);
    const record = newRecord('downloadFile', token, bot, { kind: 'none', fields: { file_path: filePath }, files: new Map(), bytes: 0 }, 'http');
    const fault = faults.take('downloadFile', [token, bot ? String(bot.id) : undefined]);
    record.fault = fault ? describeFault(fault) : undefined;
    const outcome = await runExchange({
      res,
      fault,
      lifetime,
      renderStatus: (f) => errorReply(statusError(f.status, f.retryAfter, f.message)),
      effect: async () => {
        if (!bot) return errorReply(unauthorized());
        const file = store.files.getByPath(filePath);
        if (!file) return errorReply(notFound());
        const data = await store.files.content(file);
        return { status: 200, headers: { 'content-type': 'application/octet-stream' }, body: data };
      },
    });
    record.effect = outcome.effectRan;
    if (outcome.reply) {
      record.durationMs = performance.now() - started;
      const isFile = outcome.reply.status === 200 && outcome.reply.headers?.['content-type'] === 'application/octet-stream';
      record.response = { status: outcome.reply.status, body: isFile ? { bytes: outcome.reply.body.length } : parseBody(outcome.reply) };
    }
    log.publish(record);
  }

  return {
    async handle(req, res) {
      const path = new URL(req.url ?? '/', 'http://stand-in').pathname;
      const download = /^\/file\/bot([^/]+)\/(.+)$/.exec(path);
      if (download) return handleDownload(req, res, decodeURIComponent(download[1] as string), decodeURIComponent(download[2] as string));
      const call = /^\/bot([^/]+)\/([A-Za-z0-9_]+)\/?$/.exec(path);
      if (!call) {
        req.resume();
        writeReply(res, errorReply(notFound()));
        return;
      }
      return handleMethod(req, res, decodeURIComponent(call[1] as string), call[2] as string);
    },

    async executeWebhookReply(bot, params) {
      const { method, ...rest } = params;
      const methodName = String(method);
      const canonical = findMethod(methodName)?.name ?? methodName;
      const started = performance.now();
      const record = newRecord(canonical, bot.token, bot, { kind: 'json', fields: rest, files: new Map(), bytes: 0 }, 'webhook_reply');
      const executed = await execute(bot, canonical, new Params(rest), lifetime);
      record.effect = executed.effect;
      record.durationMs = performance.now() - started;
      record.response = { status: executed.reply.status, body: parseBody(executed.reply) };
      log.publish(record);
    },
  };
}
