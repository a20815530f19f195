import type { InstagramCall } from './instagram/call-record.ts';
import type { OpenAICall } from './openai/call-record.ts';
import type { TelegramCall } from './telegram/call-record.ts';

/** One-line descriptions of recorded calls for the console (never a token, key or full text). */

function clip(text: unknown, max = 40): string {
  const value = typeof text === 'string' ? text : JSON.stringify(text ?? '');
  const flat = value.replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function outcome(response: { status: number; body: unknown } | undefined, fault: string | undefined, durationMs: number | undefined): string {
  const faultText = fault ? ` [fault ${fault}]` : '';
  if (!response) return `→ no reply${faultText}`;
  const ms = durationMs === undefined ? '' : ` ${Math.round(durationMs)}ms`;
  return `→ ${response.status}${ms}${faultText}`;
}

export function summarizeTelegramCall(call: TelegramCall): string {
  const p = call.params;
  const parts = [`${call.method}`, call.botId !== undefined ? `bot=${call.botId}` : 'bot=<unknown token>'];
  if (p.chat_id !== undefined) parts.push(`chat=${String(p.chat_id)}`);
  if (p.text !== undefined) parts.push(`text="${clip(p.text)}"`);
  if (p.caption !== undefined) parts.push(`caption="${clip(p.caption)}"`);
  if (call.files.length > 0) parts.push(`upload=${call.files.map((f) => `${f.size}B`).join('+')}`);
  if (p.url !== undefined && call.method === 'setWebhook') parts.push(`url=${String(p.url)}`);
  if (call.method === 'getUpdates') {
    const result = (call.response?.body as { result?: unknown[] } | undefined)?.result;
    if (Array.isArray(result)) parts.push(`${result.length} update(s)`);
  }
  const body = call.response?.body as { ok?: boolean; description?: string } | undefined;
  const error = body && body.ok === false && body.description ? ` "${clip(body.description, 80)}"` : '';
  return `telegram   ${parts.join(' ')} ${outcome(call.response, call.fault, call.durationMs)}${error}`;
}

export function summarizeOpenAICall(call: OpenAICall): string {
  const parts = [call.endpoint];
  if (typeof call.body.model === 'string') parts.push(`model=${call.body.model}`);
  if (!call.authorized) parts.push('unauthorized');
  const body = call.response?.body as { results?: Array<{ flagged?: boolean }>; choices?: Array<{ message?: { content?: string | null } }> } | undefined;
  if (body?.results) parts.push(`flagged=${body.results.map((r) => String(r.flagged)).join(',')}`);
  const content = body?.choices?.[0]?.message?.content;
  if (typeof content === 'string') parts.push(`content=${clip(content, 60)}`);
  return `openai     ${parts.join(' ')} ${outcome(call.response, call.fault, call.durationMs)}`;
}

export function summarizeInstagramCall(call: InstagramCall): string {
  const parts = [call.endpoint, `${call.method} ${call.path}`];
  if (call.userId) parts.push(`user=${call.userId}`);
  if (typeof call.params.image_url === 'string') parts.push(`image=${clip(call.params.image_url, 60)}`);
  if (call.params.creation_id !== undefined) parts.push(`creation_id=${String(call.params.creation_id)}`);
  const body = call.response?.body as { id?: string; status_code?: string; error?: { code?: number; error_subcode?: number } } | undefined;
  if (body?.status_code) parts.push(`status=${body.status_code}`);
  else if (body?.id && call.response?.status === 200) parts.push(`id=${body.id}`);
  if (body?.error) parts.push(`error=${body.error.code ?? '?'}/${body.error.error_subcode ?? '-'}`);
  return `instagram  ${parts.join(' ')} ${outcome(call.response, call.fault, call.durationMs)}`;
}
