import type http from 'node:http';
import { performance } from 'node:perf_hooks';
import type { CallLog } from '../shared/call-log.ts';
import { jsonReply, runExchange, writeReply, type HttpReply } from '../shared/exchange.ts';
import { describeFault, type CommonFault, type FaultRegistry } from '../shared/faults.ts';
import { BodyParseError, readRequestBody } from '../shared/request-body.ts';
import type { OpenAICall } from './call-record.ts';
import { completionObject, defaultChatReply, readChatRequest, type ChatHandler, type ChatReply } from './chat-completion.ts';
import { moderationResponse, moderationResult, readModerationInputs, type ModerationHandler } from './moderation.ts';
import { authError, invalidRequest, maskKey, openAIError, quotaExceeded, requestId, statusFaultReply } from './openai-errors.ts';

/** Faults only OpenAI has (besides the common ones): broken but well-formed completions. */
export type OpenAIFault =
  /** A valid chat.completion whose content is not JSON (for json_schema callers). */
  | { readonly kind: 'invalid_json_content'; readonly content?: string }
  /** The model refuses: content null, `refusal` set. */
  | { readonly kind: 'refusal'; readonly refusal?: string }
  /** finish_reason "length" with the JSON cut off halfway. */
  | { readonly kind: 'truncated' }
  /** 429 insufficient_quota (no retry-after). */
  | { readonly kind: 'quota_exceeded' };

export interface OpenAIServerDeps {
  readonly log: CallLog<OpenAICall>;
  readonly faults: FaultRegistry<OpenAIFault>;
  readonly lifetime: AbortSignal;
  /** The accepted API key; null accepts any non-empty key. */
  readonly apiKey: () => string | null;
  readonly moderation: () => ModerationHandler | undefined;
  readonly chat: () => ChatHandler | undefined;
}

const ROUTES: Record<string, string> = {
  'POST /v1/moderations': 'moderations',
  'POST /v1/chat/completions': 'chat.completions',
  'GET /v1/models': 'models',
};

const MODELS = ['gpt-4o-mini', 'gpt-4o', 'gpt-4.1-mini', 'gpt-5-mini', 'omni-moderation-latest'];

function ok(body: unknown, started: number): HttpReply {
  return jsonReply(200, body, {
    'x-request-id': requestId(),
    'openai-processing-ms': String(Math.max(1, Math.round(performance.now() - started))),
    'openai-version': '2020-10-01',
  });
}

function isCommon(fault: CommonFault | OpenAIFault | undefined): fault is CommonFault {
  return fault !== undefined && ['delay', 'hang', 'reset', 'status', 'malformed'].includes(fault.kind);
}

export function createOpenAIServer(deps: OpenAIServerDeps): (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void> {
  function moderations(body: Record<string, unknown>, started: number): HttpReply {
    if (body.input === undefined) return invalidRequest("'input' is a required property", 'input');
    const model = typeof body.model === 'string' ? body.model : 'omni-moderation-latest';
    const inputs = readModerationInputs(body.input, model);
    if (typeof inputs === 'string') return invalidRequest(inputs, 'input');
    const handler = deps.moderation();
    const results = inputs.map((input) => moderationResult(input, handler?.(input)));
    return ok(moderationResponse(model, results), started);
  }

  function chatCompletions(body: Record<string, unknown>, started: number, modifier: OpenAIFault | undefined): HttpReply {
    if (typeof body.model !== 'string' || body.model === '') return invalidRequest('you must provide a model parameter');
    if (!Array.isArray(body.messages) || body.messages.length === 0) return invalidRequest("[] is too short - 'messages'", 'messages', 'empty_array');
    if (body.stream === true) return invalidRequest('The stand-in does not implement streaming; call without stream: true.', 'stream', 'unsupported_value');
    const format = body.response_format as { type?: unknown; json_schema?: { name?: unknown; schema?: unknown } } | undefined;
    if (format !== undefined) {
      if (!['text', 'json_object', 'json_schema'].includes(String(format.type))) {
        return invalidRequest(`Invalid value: '${String(format.type)}'. Supported values are: 'json_object', 'json_schema', and 'text'.`, 'response_format.type', 'invalid_value');
      }
      if (format.type === 'json_schema' && typeof format.json_schema?.name !== 'string') {
        return invalidRequest("Missing required parameter: 'response_format.json_schema.name'.", 'response_format.json_schema.name', 'missing_required_parameter');
      }
    }
    const request = readChatRequest(body);
    let reply: ChatReply = deps.chat()?.(request) ?? defaultChatReply(request);
    if (modifier?.kind === 'refusal') reply = { refusal: modifier.refusal ?? "I'm sorry, I can't help with that request." };
    if (modifier?.kind === 'invalid_json_content') reply = { content: modifier.content ?? 'Sure! Here is my verdict: approve (the ad looks fine).' };
    if (modifier?.kind === 'truncated') {
      const full = typeof reply.content === 'string' ? reply.content : JSON.stringify(reply.content ?? null);
      reply = { content: full.slice(0, Math.max(1, Math.floor(full.length / 2))), finishReason: 'length' };
    }
    const n = typeof body.n === 'number' && body.n > 1 ? Math.min(8, Math.floor(body.n)) : 1;
    return ok(completionObject(request, reply, n), started);
  }

  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const path = url.pathname.replace(/\/+$/, '');
    const method = req.method ?? 'GET';
    const endpoint = ROUTES[`${method} ${path}`];
    let fields: Record<string, unknown>;
    try {
      fields = (await readRequestBody(req)).fields;
    } catch (error) {
      if (error instanceof BodyParseError && error.aborted) return;
      writeReply(
        res,
        invalidRequest(
          "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)",
        ),
      );
      return;
    }
    const started = performance.now();
    const authorization = req.headers.authorization ?? '';
    const key = /^Bearer\s+(.+)$/i.exec(authorization)?.[1]?.trim();
    const expected = deps.apiKey();
    const authorized = key !== undefined && key !== '' && (expected === null || key === expected);
    const retryHeader = req.headers['x-stainless-retry-count'];
    const record = deps.log.add({
      seq: deps.log.seq(),
      endpoint: endpoint ?? path,
      method,
      path,
      at: new Date(),
      apiKey: key ? maskKey(key) : undefined,
      authorized,
      body: fields,
      retryCount: typeof retryHeader === 'string' ? Number(retryHeader) : undefined,
      fault: undefined,
      effect: false,
      durationMs: undefined,
      response: undefined,
    });
    const fault = endpoint ? deps.faults.take(endpoint, [key]) : undefined;
    record.fault = fault ? describeFault(fault as { kind: string } & Record<string, unknown>) : undefined;
    const model = typeof fields.model === 'string' ? fields.model : 'gpt-4o-mini';
    let effect = false;
    const outcome = await runExchange({
      res,
      fault: isCommon(fault) ? fault : undefined,
      lifetime: deps.lifetime,
      renderStatus: (f) => statusFaultReply(f, model),
      effect: async () => {
        if (!endpoint) {
          return openAIError(404, { message: `Invalid URL (${method} ${path})`, type: 'invalid_request_error', param: null, code: null });
        }
        if (!authorized) return authError(key);
        if (fault?.kind === 'quota_exceeded') return quotaExceeded();
        effect = true;
        if (endpoint === 'moderations') return moderations(fields, started);
        if (endpoint === 'chat.completions') return chatCompletions(fields, started, isCommon(fault) ? undefined : fault);
        return ok({ object: 'list', data: MODELS.map((id) => ({ id, object: 'model', created: 1_715_367_049, owned_by: 'system' })) }, started);
      },
    });
    record.effect = outcome.effectRan && effect && (outcome.reply?.status ?? 200) < 400;
    if (outcome.reply) {
      record.durationMs = performance.now() - started;
      let parsed: unknown = outcome.reply.body.toString();
      try {
        parsed = JSON.parse(String(parsed));
      } catch {
        // keep the text
      }
      record.response = { status: outcome.reply.status, body: parsed };
    }
    deps.log.publish(record);
  };
}
