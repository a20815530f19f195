import { badRequest } from '../api-error.ts';
import type { MethodHandler } from './context.ts';

const TOO_OLD = 'query is too old and response timeout expired or query ID is invalid';

const answerCallbackQuery: MethodHandler = (ctx) => {
  const id = ctx.params.string('callback_query_id');
  if (!id) throw badRequest('callback_query_id is empty');
  const state = ctx.store.callbackQueries.get(id);
  if (!state || state.botId !== ctx.bot.id || state.answer !== undefined) throw badRequest(TOO_OLD);
  const text = ctx.params.string('text');
  if (text !== undefined && text.length > 200) throw badRequest('MESSAGE_TOO_LONG');
  // Only game URLs and t.me links to the bot itself are accepted (e.g. t.me/<bot>?start=...).
  const url = ctx.params.string('url');
  const ownLink = new RegExp(`^(https?://)?t\\.me/${ctx.bot.user.username ?? '-'}(\\?|$)`, 'i');
  if (url !== undefined && url !== '' && !ownLink.test(url)) throw badRequest('URL_INVALID');
  state.answer = {
    ...(text !== undefined ? { text } : {}),
    show_alert: ctx.params.bool('show_alert') ?? false,
    ...(url ? { url } : {}),
    cache_time: ctx.params.int('cache_time') ?? 0,
  };
  ctx.store.changes.notify();
  return true;
};

export const callbackMethods: Record<string, MethodHandler> = { answerCallbackQuery };
