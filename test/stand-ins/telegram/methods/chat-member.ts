import type { ChatState, MemberState, TelegramStore } from '../store.ts';
import type { TgChatMember, TgUser } from '../types.ts';

/** Default administrator rights for a bot made admin of a chat. */
export function adminRights(type: string, overrides: Record<string, boolean> = {}): Record<string, boolean> {
  const base: Record<string, boolean> = {
    can_manage_chat: true,
    can_delete_messages: true,
    can_manage_video_chats: true,
    can_restrict_members: true,
    can_promote_members: false,
    can_change_info: true,
    can_invite_users: true,
    can_post_stories: true,
    can_edit_stories: true,
    can_delete_stories: true,
  };
  if (type === 'channel') Object.assign(base, { can_post_messages: true, can_edit_messages: true });
  else Object.assign(base, { can_pin_messages: true, can_manage_topics: false });
  return { ...base, ...overrides };
}

export function userObject(store: TelegramStore, id: number): TgUser | undefined {
  const bot = store.botById(id);
  if (bot) {
    const { id: botId, is_bot, first_name, username } = bot.user;
    return { id: botId, is_bot, first_name, ...(username ? { username } : {}) };
  }
  return store.userById(id)?.user;
}

/** The ChatMember object of `user` in `chat` as getChatMember and chat_member updates show it. */
export function chatMemberObject(chat: ChatState, user: TgUser, member: MemberState | undefined): TgChatMember {
  const status = member?.status ?? 'left';
  switch (status) {
    case 'creator':
      return { status, user, is_anonymous: false };
    case 'administrator':
      return { status, user, can_be_edited: false, is_anonymous: false, ...(member?.rights ?? adminRights(chat.chat.type)) };
    case 'kicked':
      return { status, user, until_date: 0 };
    default:
      return { status, user };
  }
}
