import { badRequest } from '../api-error.ts';
import type { MethodHandler } from './context.ts';
import { chatMemberObject, userObject } from './chat-member.ts';
import { resolveChat } from './send-target.ts';

const getChat: MethodHandler = (ctx) => {
  const state = resolveChat(ctx);
  const { chat } = state;
  if (chat.type === 'private') {
    const user = ctx.store.userById(chat.id);
    if (!user || !user.started.has(ctx.bot.id)) throw badRequest('chat not found');
  } else {
    const member = state.members.get(ctx.bot.id);
    const isMember = member !== undefined && member.status !== 'left' && member.status !== 'kicked';
    if (!isMember && !chat.username) throw badRequest('chat not found');
  }
  return {
    ...chat,
    accent_color_id: Math.abs(chat.id) % 7,
    max_reaction_count: 11,
    accepted_gift_types: { unlimited_gifts: false, limited_gifts: false, unique_gifts: false, premium_subscription: false },
    ...(state.description ? { description: state.description } : {}),
    ...(chat.type === 'group' || chat.type === 'supergroup'
      ? {
          permissions: {
            can_send_messages: true, can_send_audios: true, can_send_documents: true, can_send_photos: true,
            can_send_videos: true, can_send_video_notes: true, can_send_voice_notes: true, can_send_polls: true,
            can_send_other_messages: true, can_add_web_page_previews: true, can_change_info: false,
            can_invite_users: true, can_pin_messages: false, can_manage_topics: false,
          },
        }
      : {}),
  };
};

const getChatMember: MethodHandler = (ctx) => {
  const state = resolveChat(ctx);
  const userId = ctx.params.int('user_id');
  if (userId === undefined) throw badRequest('user_id is empty');
  const user = userObject(ctx.store, userId);
  if (!user) throw badRequest('user not found');
  if (state.chat.type === 'private') {
    if (userId !== state.chat.id && userId !== ctx.bot.id) throw badRequest('user not found');
    return { status: 'member', user };
  }
  const botMember = state.members.get(ctx.bot.id);
  if (!botMember || botMember.status === 'left' || botMember.status === 'kicked') {
    if (state.chat.type === 'channel') throw badRequest('member list is inaccessible');
    throw badRequest('chat not found');
  }
  return chatMemberObject(state, user, state.members.get(userId));
};

export const chatMethods: Record<string, MethodHandler> = { getChat, getChatMember };
