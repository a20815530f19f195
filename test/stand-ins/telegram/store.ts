import crypto from 'node:crypto';
import { ChangeNotifier } from '../shared/change-notifier.ts';
import { randomString } from '../shared/ids.ts';
import { FileStore } from './file-store.ts';
import { UpdateQueue } from './update-queue.ts';
import type { ChatType, TgCallbackQuery, TgChat, TgChatMember, TgMessage, TgUpdate, TgUser } from './types.ts';

export interface BotCommand {
  readonly command: string;
  readonly description: string;
}

export interface WebhookConfig {
  url: string;
  secretToken: string | undefined;
  maxConnections: number;
  lastErrorDate: number | undefined;
  lastErrorMessage: string | undefined;
}

export interface BotState {
  readonly id: number;
  readonly token: string;
  readonly user: TgUser;
  readonly queue: UpdateQueue;
  webhook: WebhookConfig | undefined;
  /** Set by getUpdates/setWebhook `allowed_updates`, kept for later calls as Telegram does. */
  allowedUpdates: string[] | undefined;
  readonly commands: Map<string, BotCommand[]>;
}

export interface UserState {
  readonly user: TgUser;
  phone: string;
  /** Bots this user has blocked. */
  readonly blocked: Set<number>;
  /** Bots this user has started (a bot cannot write first). */
  readonly started: Set<number>;
}

export interface MemberState {
  status: TgChatMember['status'];
  /** Administrator rights (can_post_messages, ...), for administrators. */
  rights: Record<string, boolean>;
}

export interface ChatState {
  readonly chat: TgChat;
  readonly members: Map<number, MemberState>;
  description: string | undefined;
}

export interface StoredMessage {
  /** The message as it is now (edits applied). */
  message: TgMessage;
  /** The bot that sent it, when a bot did. */
  readonly botId: number | undefined;
  /** The simulated user who sent it, when one did. */
  readonly userId: number | undefined;
  deleted: boolean;
}

export interface Conversation {
  readonly key: string;
  readonly chatId: number;
  nextMessageId: number;
  readonly messages: StoredMessage[];
  readonly byId: Map<number, StoredMessage>;
}

export interface CallbackQueryState {
  readonly botId: number;
  readonly query: TgCallbackQuery;
  answer: Record<string, unknown> | undefined;
}

/** The stand-in's world: bots, users, chats, messages, files, callback queries. */
export class TelegramStore {
  readonly files = new FileStore();
  readonly changes = new ChangeNotifier();
  private readonly bots = new Map<number, BotState>();
  private readonly botsByToken = new Map<string, BotState>();
  private readonly users = new Map<number, UserState>();
  private readonly chats = new Map<number, ChatState>();
  private readonly conversations = new Map<string, Conversation>();
  readonly callbackQueries = new Map<string, CallbackQueryState>();
  private nextUserId = 100_000_000 + crypto.randomInt(800_000_000);
  private nextBotId = 7_000_000_000 + crypto.randomInt(900_000_000);
  private nextGroupId = 4_000_000_000 + crypto.randomInt(900_000_000);
  private nextChannelId = 1_002_000_000_000 + crypto.randomInt(900_000_000);

  addBot(options: { token?: string; username?: string; firstName?: string } = {}): BotState {
    const id = options.token ? Number(options.token.split(':')[0]) : this.nextBotId++;
    if (!Number.isSafeInteger(id) || id <= 0) throw new Error(`bot token must look like "<bot id>:<secret>", got one without an id`);
    const token = options.token ?? `${id}:AA${randomString(33)}`;
    if (this.botsByToken.has(token)) throw new Error('a bot with this token is already registered');
    const username = options.username ?? `standin_${String(id).slice(-6)}_bot`;
    const bot: BotState = {
      id,
      token,
      user: {
        id,
        is_bot: true,
        first_name: options.firstName ?? 'Stand-in Bot',
        username,
        can_join_groups: true,
        can_read_all_group_messages: false,
        supports_inline_queries: false,
        can_connect_to_business: false,
        has_main_web_app: false,
        has_topics_enabled: false,
        allows_users_to_create_topics: false,
        can_manage_bots: false,
        supports_join_request_queries: false,
      },
      queue: new UpdateQueue(100_000_000 + crypto.randomInt(800_000_000)),
      webhook: undefined,
      allowedUpdates: undefined,
      commands: new Map(),
    };
    this.bots.set(id, bot);
    this.botsByToken.set(token, bot);
    return bot;
  }

  botByToken(token: string): BotState | undefined {
    return this.botsByToken.get(token);
  }

  botById(id: number): BotState | undefined {
    return this.bots.get(id);
  }

  allBots(): BotState[] {
    return [...this.bots.values()];
  }

  addUser(options: { firstName: string; lastName?: string; username?: string; languageCode?: string; phone?: string; isPremium?: boolean }): UserState {
    const id = this.nextUserId++;
    const user: TgUser = {
      id,
      is_bot: false,
      first_name: options.firstName,
      ...(options.lastName ? { last_name: options.lastName } : {}),
      ...(options.username ? { username: options.username } : {}),
      ...(options.languageCode ? { language_code: options.languageCode } : {}),
      ...(options.isPremium ? { is_premium: true as const } : {}),
    };
    const state: UserState = {
      user,
      phone: options.phone ?? `98912${String(id).slice(-7).padStart(7, '0')}`,
      blocked: new Set(),
      started: new Set(),
    };
    this.users.set(id, state);
    const chat: TgChat = {
      id,
      type: 'private',
      first_name: user.first_name,
      ...(user.last_name ? { last_name: user.last_name } : {}),
      ...(user.username ? { username: user.username } : {}),
    };
    this.chats.set(id, { chat, members: new Map(), description: undefined });
    return state;
  }

  userById(id: number): UserState | undefined {
    return this.users.get(id);
  }

  createChat(type: Exclude<ChatType, 'private'>, options: { title: string; username?: string; description?: string }): ChatState {
    const id = type === 'group' ? -this.nextGroupId++ : -this.nextChannelId++;
    const username = options.username?.replace(/^@/, '');
    if (username && this.chatByUsername(username)) throw new Error(`@${username} is taken`);
    const chat: TgChat = {
      id,
      type,
      title: options.title,
      ...(username && type !== 'group' ? { username } : {}),
      ...(type === 'group' ? { all_members_are_administrators: false } : {}),
    };
    const state: ChatState = { chat, members: new Map(), description: options.description };
    this.chats.set(id, state);
    return state;
  }

  chatById(id: number): ChatState | undefined {
    return this.chats.get(id);
  }

  chatByUsername(username: string): ChatState | undefined {
    const wanted = username.replace(/^@/, '').toLowerCase();
    for (const state of this.chats.values()) {
      if (state.chat.type !== 'private' && state.chat.username?.toLowerCase() === wanted) return state;
    }
    return undefined;
  }

  /** Private chats are per (bot, user); groups and channels are shared by every bot in them. */
  conversation(chat: TgChat, botId: number): Conversation {
    const key = chat.type === 'private' ? `p:${botId}:${chat.id}` : `c:${chat.id}`;
    let conversation = this.conversations.get(key);
    if (!conversation) {
      conversation = { key, chatId: chat.id, nextMessageId: 1, messages: [], byId: new Map() };
      this.conversations.set(key, conversation);
    }
    return conversation;
  }

  appendMessage(
    conversation: Conversation,
    build: (messageId: number) => TgMessage,
    origin: { botId?: number; userId?: number },
  ): StoredMessage {
    const message = build(conversation.nextMessageId++);
    const stored: StoredMessage = { message, botId: origin.botId, userId: origin.userId, deleted: false };
    conversation.messages.push(stored);
    conversation.byId.set(message.message_id, stored);
    this.changes.notify();
    return stored;
  }

  enqueueUpdate(bot: BotState, payload: Omit<TgUpdate, 'update_id'>): TgUpdate {
    const update = bot.queue.push(payload);
    this.changes.notify();
    return update;
  }

  newCallbackQueryId(): string {
    return `${BigInt(crypto.randomInt(2 ** 47)) * 100_000n + BigInt(crypto.randomInt(100_000))}`;
  }
}

export function now(): number {
  return Math.floor(Date.now() / 1000);
}
