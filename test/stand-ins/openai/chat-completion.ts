import crypto from 'node:crypto';
import { randomString } from '../shared/ids.ts';
import { APPROVE_VERDICT, exampleFromSchema } from './schema-example.ts';

export interface ChatMessage {
  readonly role: string;
  readonly content: unknown;
}

/** The parts of a chat.completions request a test usually programs against. */
export interface ChatRequest {
  readonly model: string;
  readonly messages: readonly ChatMessage[];
  /** The `response_format` as sent. */
  readonly responseFormat: { readonly type: string; readonly json_schema?: { readonly name?: string; readonly schema?: unknown; readonly strict?: boolean } } | undefined;
  /** The JSON schema of a `json_schema` response format. */
  readonly schema: unknown;
  /** All message text joined (string contents and text parts). */
  readonly text: string;
  /** The last user message's text. */
  readonly userText: string;
  /** The whole request body. */
  readonly body: Readonly<Record<string, unknown>>;
}

export interface ChatReply {
  /** Message content: a string as is, anything else JSON-encoded. */
  readonly content?: unknown;
  /** A refusal instead of content. */
  readonly refusal?: string;
  readonly finishReason?: 'stop' | 'length' | 'content_filter' | 'tool_calls';
}

export type ChatHandler = (request: ChatRequest) => ChatReply | undefined;

function messageText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part) => (part && typeof part === 'object' && (part as { type?: unknown }).type === 'text' ? String((part as { text?: unknown }).text ?? '') : ''))
      .filter(Boolean)
      .join('\n');
  }
  return '';
}

export function readChatRequest(body: Record<string, unknown>): ChatRequest {
  const messages = body.messages as ChatMessage[];
  const responseFormat = body.response_format as ChatRequest['responseFormat'];
  const userMessages = messages.filter((m) => m.role === 'user');
  return {
    model: String(body.model),
    messages,
    responseFormat,
    schema: responseFormat?.type === 'json_schema' ? responseFormat.json_schema?.schema : undefined,
    text: messages.map((m) => messageText(m.content)).join('\n'),
    userText: messageText(userMessages.at(-1)?.content),
    body,
  };
}

/** What the stand-in answers when no handler decided: an approve verdict shaped by the schema. */
export function defaultChatReply(request: ChatRequest): ChatReply {
  if (request.responseFormat?.type === 'json_schema') return { content: exampleFromSchema(request.schema) };
  if (request.responseFormat?.type === 'json_object') return { content: APPROVE_VERDICT };
  return { content: 'OK' };
}

function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

/** A complete chat.completion object. */
export function completionObject(request: ChatRequest, reply: ChatReply, choices: number): Record<string, unknown> {
  const refusal = reply.refusal;
  const content = refusal !== undefined ? null : typeof reply.content === 'string' ? reply.content : JSON.stringify(reply.content ?? null);
  const completionTokens = estimateTokens(content ?? refusal ?? '');
  const promptTokens = estimateTokens(request.text) + request.messages.length * 4;
  return {
    id: `chatcmpl-${randomString(29)}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: request.model,
    choices: Array.from({ length: choices }, (_, index) => ({
      index,
      message: { role: 'assistant', content, refusal: refusal ?? null, annotations: [] },
      logprobs: null,
      finish_reason: reply.finishReason ?? 'stop',
    })),
    usage: {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens * choices,
      total_tokens: promptTokens + completionTokens * choices,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
    },
    service_tier: 'default',
    system_fingerprint: `fp_${crypto.createHash('sha1').update(request.model).digest('hex').slice(0, 10)}`,
  };
}
