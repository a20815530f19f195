import { badRequest } from '../api-error.ts';
import type { BotCommand } from '../store.ts';
import type { MethodContext, MethodHandler } from './context.ts';

const getMe: MethodHandler = (ctx) => ({ ...ctx.bot.user });

function scopeKey(ctx: MethodContext): string {
  const scope = ctx.params.json('scope', "can't parse BotCommandScope JSON object") as Record<string, unknown> | undefined;
  const type = typeof scope?.type === 'string' ? scope.type : 'default';
  const known = ['default', 'all_private_chats', 'all_group_chats', 'all_chat_administrators', 'chat', 'chat_administrators', 'chat_member'];
  if (!known.includes(type)) throw badRequest('wrong bot command scope type specified');
  const language = ctx.params.string('language_code') ?? '';
  if (language !== '' && !/^[a-z]{2}$/.test(language)) throw badRequest('invalid language code specified');
  return JSON.stringify([type, scope?.chat_id ?? null, scope?.user_id ?? null, language]);
}

const setMyCommands: MethodHandler = (ctx) => {
  const commands = ctx.params.json('commands', "can't parse commands JSON object");
  if (!Array.isArray(commands)) throw badRequest('commands must be an Array');
  if (commands.length > 100) throw badRequest('too many commands specified');
  const parsed: BotCommand[] = commands.map((item: unknown) => {
    const c = (item ?? {}) as Record<string, unknown>;
    const command = typeof c.command === 'string' ? c.command.replace(/^\//, '') : '';
    const description = typeof c.description === 'string' ? c.description.trim() : '';
    if (!/^[a-z0-9_]{1,32}$/.test(command)) throw badRequest('BOT_COMMAND_INVALID');
    if (description.length < 1 || description.length > 256) throw badRequest('BOT_COMMAND_DESCRIPTION_INVALID');
    return { command, description };
  });
  const key = scopeKey(ctx);
  if (parsed.length === 0) ctx.bot.commands.delete(key);
  else ctx.bot.commands.set(key, parsed);
  return true;
};

const getMyCommands: MethodHandler = (ctx) => (ctx.bot.commands.get(scopeKey(ctx)) ?? []).map((c) => ({ ...c }));

const deleteMyCommands: MethodHandler = (ctx) => {
  ctx.bot.commands.delete(scopeKey(ctx));
  return true;
};

export const botMethods: Record<string, MethodHandler> = { getMe, setMyCommands, getMyCommands, deleteMyCommands };
