import { adminRights, chatMemberObject, userObject } from './methods/chat-member.ts';
import { now, type BotState, type ChatState, type MemberState, type StoredMessage, type TelegramStore, type UserState } from './store.ts';
import type { TgChat, TgMessage } from './types.ts';

const DEFAULT_WAIT_MS = 5_000;

/** A bot named by token, id, or the object addBot returned. */
export type BotLike = string | number | { readonly id: number };

/**
 * A group, supergroup or channel in the stand-in: membership (bots and simulated users),
 * the messages posted there ("the channel's messages"), and posting as its owner.
 */
export class ChatHandle {
  readonly id: number;
  readonly chat: TgChat;
  private cursor = 0;

  constructor(
    private readonly store: TelegramStore,
    private readonly state: ChatState,
    /** The chat's creator (a simulated person). */
    readonly owner: UserState,
    private readonly resolveBot: (ref: BotLike) => BotState,
  ) {
    this.id = state.chat.id;
    this.chat = state.chat;
    state.members.set(owner.user.id, { status: 'creator', rights: {} });
  }

  get username(): string | undefined {
    return this.chat.username;
  }

  /** Adds a bot (as administrator by default; channels require it to post). Sends it my_chat_member. */
  addBot(ref: BotLike, options: { admin?: boolean; rights?: Record<string, boolean> } = {}): void {
    const bot = this.resolveBot(ref);
    const admin = options.admin ?? true;
    this.setMember(bot.id, admin ? { status: 'administrator', rights: adminRights(this.chat.type, options.rights) } : { status: 'member', rights: {} }, bot);
  }

  /** Changes a bot's admin rights, e.g. `{ can_post_messages: false }`. */
  setBotRights(ref: BotLike, rights: Record<string, boolean>): void {
    const bot = this.resolveBot(ref);
    const current = this.state.members.get(bot.id);
    this.setMember(bot.id, { status: 'administrator', rights: { ...(current?.rights ?? adminRights(this.chat.type)), ...rights } }, bot);
  }

  removeBot(ref: BotLike, options: { kicked?: boolean } = {}): void {
    const bot = this.resolveBot(ref);
    this.setMember(bot.id, { status: options.kicked ? 'kicked' : 'left', rights: {} }, bot);
  }

  /** Adds a person; admin bots get a chat_member update (when they asked for that type). */
  addMember(user: { readonly id: number }, status: MemberState['status'] = 'member'): void {
    this.setMember(user.id, { status, rights: status === 'administrator' ? adminRights(this.chat.type) : {} });
  }

  removeMember(user: { readonly id: number }, options: { kicked?: boolean } = {}): void {
    this.setMember(user.id, { status: options.kicked ? 'kicked' : 'left', rights: {} });
  }

  memberStatus(id: number): MemberState['status'] {
    return this.state.members.get(id)?.status ?? 'left';
  }

  /** The owner posts (channel: a channel_post update for the admin bots; group: a message update). */
  post(text: string): TgMessage {
    const conversation = this.store.conversation(this.chat, 0);
    const isChannel = this.chat.type === 'channel';
    const stored = this.store.appendMessage(
      conversation,
      (messageId) => ({
        message_id: messageId,
        ...(isChannel ? { sender_chat: { ...this.chat } } : { from: { ...this.owner.user } }),
        chat: { ...this.chat },
        date: now(),
        text,
      }),
      { userId: this.owner.user.id },
    );
    for (const bot of this.bots()) this.store.enqueueUpdate(bot, isChannel ? { channel_post: structuredClone(stored.message) } : { message: structuredClone(stored.message) });
    return structuredClone(stored.message);
  }

  /** Every message in the chat as it is now (edits applied, deleted ones left out). */
  messages(): TgMessage[] {
    return this.stored().map((m) => structuredClone(m.message));
  }

  /** Messages posted by bots (for a channel: what the bot published). */
  posts(): TgMessage[] {
    return this.stored()
      .filter((m) => m.botId !== undefined)
      .map((m) => structuredClone(m.message));
  }

  lastMessage(): TgMessage | undefined {
    return this.messages().at(-1);
  }

  /** Waits for the next bot message in the chat (after the previous wait's) matching `predicate`. */
  waitForPost(predicate: (message: TgMessage) => boolean = () => true, timeoutMs = DEFAULT_WAIT_MS): Promise<TgMessage> {
    return this.store.changes.wait(
      () => {
        const all = this.store.conversation(this.chat, 0).messages;
        for (let i = this.cursor; i < all.length; i += 1) {
          const stored = all[i] as StoredMessage;
          if (stored.deleted || stored.botId === undefined || !predicate(stored.message)) continue;
          this.cursor = i + 1;
          return structuredClone(stored.message);
        }
        return undefined;
      },
      timeoutMs,
      () => `a bot post in ${this.chat.title ?? this.id}`,
    );
  }

  private stored(): StoredMessage[] {
    return this.store.conversation(this.chat, 0).messages.filter((m) => !m.deleted);
  }

  private bots(): BotState[] {
    return [...this.state.members.entries()]
      .filter(([, m]) => m.status !== 'left' && m.status !== 'kicked')
      .map(([id]) => this.store.botById(id))
      .filter((bot): bot is BotState => bot !== undefined);
  }

  private setMember(id: number, next: MemberState, bot?: BotState): void {
    const user = userObject(this.store, id);
    if (!user) throw new Error(`unknown user or bot ${id}`);
    const old = chatMemberObject(this.state, user, this.state.members.get(id));
    this.state.members.set(id, next);
    const fresh = chatMemberObject(this.state, user, next);
    const payload = { chat: { ...this.chat }, from: { ...this.owner.user }, date: now(), old_chat_member: old, new_chat_member: fresh };
    if (bot) {
      this.store.enqueueUpdate(bot, { my_chat_member: structuredClone(payload) });
      return;
    }
    for (const admin of this.bots()) {
      if (this.state.members.get(admin.id)?.status === 'administrator') this.store.enqueueUpdate(admin, { chat_member: structuredClone(payload) });
    }
  }
}
