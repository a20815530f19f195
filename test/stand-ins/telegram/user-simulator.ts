import { detectEntities } from './entities/auto-detect.ts';
import { makeGif, makeJpeg, makeWebpSticker, type ImageOptions } from '../shared/media-generator.ts';
import { inlineButtons } from './reply-markup.ts';
import { now, type BotState, type ChatState, type StoredMessage, type TelegramStore, type UserState } from './store.ts';
import type { TgChat, TgEntity, TgMessage, TgUser } from './types.ts';

export interface ChatRef {
  readonly id: number;
}

export interface UserSendOptions {
  /** Send in a group instead of the private chat with the bot (the user must be a member). */
  readonly chat?: ChatRef;
  /** message_id to reply to. */
  readonly replyTo?: number;
  readonly entities?: TgEntity[];
}

export interface PressResult {
  /** The callback query id (answerCallbackQuery takes it). */
  readonly id: string;
  readonly updateId: number;
  readonly data: string;
  readonly message: TgMessage;
}

const DEFAULT_WAIT_MS = 5_000;

/**
 * A person talking to one bot in a private chat (and, optionally, in groups): everything the
 * user does becomes an update for the bot, delivered through getUpdates or the webhook.
 */
export class SimulatedUser {
  readonly id: number;
  readonly user: TgUser;
  readonly chat: TgChat;
  private cursor = 0;

  constructor(
    private readonly store: TelegramStore,
    readonly bot: BotState,
    private readonly state: UserState,
  ) {
    this.id = state.user.id;
    this.user = state.user;
    this.chat = (store.chatById(state.user.id) as ChatState).chat;
  }

  get phone(): string {
    return this.state.phone;
  }

  /** A text message; a leading /command gets its bot_command entity, links and mentions theirs. */
  send(text: string, options: UserSendOptions = {}): TgMessage {
    const entities = options.entities ?? detectEntities(text);
    return this.emit({ text, ...(entities.length > 0 ? { entities } : {}) }, options);
  }

  /** A photo (a real JPEG made with sharp, registered so getFile and download work). */
  async sendPhoto(options: ImageOptions & UserSendOptions & { caption?: string; data?: Buffer } = {}): Promise<TgMessage> {
    const data = options.data ?? (await makeJpeg(options));
    const photo = await this.store.files.addPhoto(data);
    const captionEntities = options.caption ? detectEntities(options.caption) : [];
    return this.emit(
      {
        photo,
        ...(options.caption ? { caption: options.caption } : {}),
        ...(captionEntities.length > 0 ? { caption_entities: captionEntities } : {}),
      },
      options,
    );
  }

  /**
   * An album (media group) of 2–10 photos, as a Telegram client sends it: one message per photo,
   * consecutive message ids, the same `media_group_id`, each its own update; the caption (if
   * any) on the first item. (Clients split a larger selection into several albums.)
   */
  async sendAlbum(items: ReadonlyArray<ImageOptions & { data?: Buffer }>, options: UserSendOptions & { caption?: string } = {}): Promise<TgMessage[]> {
    if (items.length < 2 || items.length > 10) throw new Error(`an album has 2 to 10 photos, not ${items.length}`);
    // Every photo is registered first, so the messages are appended back to back.
    const photos = [];
    for (const item of items) photos.push(await this.store.files.addPhoto(item.data ?? (await makeJpeg(item))));
    const mediaGroupId = String(13_000_000_000_000_000n + BigInt(Math.floor(Math.random() * 1e15)));
    const captionEntities = options.caption ? detectEntities(options.caption) : [];
    return photos.map((photo, index) =>
      this.emit(
        {
          media_group_id: mediaGroupId,
          photo,
          ...(index === 0 && options.caption ? { caption: options.caption } : {}),
          ...(index === 0 && captionEntities.length > 0 ? { caption_entities: captionEntities } : {}),
        },
        options,
      ),
    );
  }

  async sendSticker(options: UserSendOptions & { emoji?: string } = {}): Promise<TgMessage> {
    const data = await makeWebpSticker();
    const file = this.store.files.add('sticker', data, { mimeType: 'image/webp', ext: 'webp', width: 512, height: 512 });
    return this.emit(
      {
        sticker: {
          width: 512,
          height: 512,
          emoji: options.emoji ?? '😀',
          set_name: 'StandInStickers',
          is_animated: false,
          is_video: false,
          type: 'regular',
          file_id: file.fileId,
          file_unique_id: file.uniqueId,
          file_size: file.size,
        },
      },
      options,
    );
  }

  /** A GIF animation (Telegram sends both `animation` and `document`). */
  async sendAnimation(options: UserSendOptions & { caption?: string } = {}): Promise<TgMessage> {
    const data = await makeGif();
    const file = this.store.files.add('animation', data, { mimeType: 'image/gif', ext: 'gif', width: 320, height: 240 });
    const common = { file_name: 'animation.gif', mime_type: 'image/gif', file_id: file.fileId, file_unique_id: file.uniqueId, file_size: file.size };
    return this.emit(
      {
        animation: { ...common, width: 320, height: 240, duration: 1 },
        document: { ...common },
        ...(options.caption ? { caption: options.caption } : {}),
      },
      options,
    );
  }

  /** Shares the user's own contact (what a `request_contact` keyboard button sends). */
  shareContact(options: UserSendOptions = {}): TgMessage {
    return this.emit(
      {
        contact: {
          phone_number: this.state.phone,
          first_name: this.user.first_name,
          ...(this.user.last_name ? { last_name: this.user.last_name } : {}),
          user_id: this.user.id,
        },
      },
      options,
    );
  }

  /** Shares someone else's contact (user_id absent or another person's). */
  sendContact(contact: { phoneNumber: string; firstName: string; lastName?: string; userId?: number }, options: UserSendOptions = {}): TgMessage {
    return this.emit(
      {
        contact: {
          phone_number: contact.phoneNumber,
          first_name: contact.firstName,
          ...(contact.lastName ? { last_name: contact.lastName } : {}),
          ...(contact.userId !== undefined ? { user_id: contact.userId } : {}),
        },
      },
      options,
    );
  }

  /** Edits one of the user's own messages (an `edited_message` update). */
  edit(messageId: number, text: string, options: { chat?: ChatRef } = {}): TgMessage {
    const chatState = this.chatState(options.chat);
    const stored = this.store.conversation(chatState.chat, this.bot.id).byId.get(messageId);
    if (!stored || stored.userId !== this.id) throw new Error(`message ${messageId} is not one of this user's messages`);
    const entities = detectEntities(text);
    const next: TgMessage = { ...stored.message, text, edit_date: now() };
    if (entities.length > 0) next.entities = entities;
    else delete next.entities;
    stored.message = next;
    for (const bot of this.recipients(chatState)) this.store.enqueueUpdate(bot, { edited_message: structuredClone(next) });
    return structuredClone(next);
  }

  /**
   * Presses an inline button (by its label, else by its callback_data) in the last bot message
   * that has an inline keyboard, or in the given message.
   */
  press(button: string, options: { message?: TgMessage | number; chat?: ChatRef } = {}): PressResult {
    this.assertNotBlocked();
    const chatState = this.chatState(options.chat);
    const conversation = this.store.conversation(chatState.chat, this.bot.id);
    let target: StoredMessage | undefined;
    if (options.message !== undefined) {
      const id = typeof options.message === 'number' ? options.message : options.message.message_id;
      target = conversation.byId.get(id);
      if (!target || target.deleted) throw new Error(`message ${id} does not exist (or was deleted) in this chat`);
    } else {
      target = [...conversation.messages].reverse().find((m) => !m.deleted && m.botId === this.bot.id && inlineButtons(m.message.reply_markup).length > 0);
      if (!target) throw new Error('no bot message with an inline keyboard in this chat');
    }
    const buttons = inlineButtons(target.message.reply_markup);
    const found = buttons.find((b) => b.text === button) ?? buttons.find((b) => b.callback_data === button);
    if (!found) {
      throw new Error(`no inline button "${button}" in message ${target.message.message_id}; buttons: ${buttons.map((b) => JSON.stringify(b.text)).join(', ') || 'none'}`);
    }
    if (typeof found.callback_data !== 'string') throw new Error(`button "${found.text}" has no callback_data (it is a ${Object.keys(found).filter((k) => k !== 'text').join('/')} button)`);
    const id = this.store.newCallbackQueryId();
    const query = {
      id,
      from: { ...this.user },
      message: structuredClone(target.message),
      chat_instance: `${BigInt(chatState.chat.id) * 7919n + BigInt(this.bot.id)}`.replace('-', ''),
      data: found.callback_data,
    };
    this.store.callbackQueries.set(id, { botId: this.bot.id, query, answer: undefined });
    const update = this.store.enqueueUpdate(this.bot, { callback_query: structuredClone(query) });
    return { id, updateId: update.update_id, data: found.callback_data, message: structuredClone(target.message) };
  }

  /** The answer the bot gave to a callback query (answerCallbackQuery), once it has. */
  callbackAnswer(callbackQueryId: string): Record<string, unknown> | undefined {
    return this.store.callbackQueries.get(callbackQueryId)?.answer;
  }

  waitForCallbackAnswer(callbackQueryId: string, timeoutMs = DEFAULT_WAIT_MS): Promise<Record<string, unknown>> {
    return this.store.changes.wait(() => this.callbackAnswer(callbackQueryId), timeoutMs, () => `an answer to callback query ${callbackQueryId}`);
  }

  /** From now on the bot gets 403 "Forbidden: bot was blocked by the user" (and a my_chat_member update). */
  blockBot(): void {
    if (this.state.blocked.has(this.bot.id)) return;
    this.state.blocked.add(this.bot.id);
    this.memberUpdate('member', 'kicked');
  }

  unblockBot(): void {
    if (!this.state.blocked.delete(this.bot.id)) return;
    this.memberUpdate('kicked', 'member');
  }

  /** Messages the bot sent in the private chat, as they are now (edits applied, deleted ones left out). */
  messages(): TgMessage[] {
    return this.botMessages().map((m) => structuredClone(m.message));
  }

  lastMessage(): TgMessage | undefined {
    return this.messages().at(-1);
  }

  /** Every message in the private chat (the user's and the bot's), deleted ones left out. */
  history(): TgMessage[] {
    return this.store
      .conversation(this.chat, this.bot.id)
      .messages.filter((m) => !m.deleted)
      .map((m) => structuredClone(m.message));
  }

  /**
   * Waits for the next bot message (after the one the previous wait returned) that matches
   * `predicate`; messages the bot already sent count, so nothing is missed between calls.
   */
  waitForMessage(predicate: (message: TgMessage) => boolean = () => true, timeoutMs = DEFAULT_WAIT_MS): Promise<TgMessage> {
    return this.store.changes.wait(
      () => {
        const all = this.store.conversation(this.chat, this.bot.id).messages;
        for (let i = this.cursor; i < all.length; i += 1) {
          const stored = all[i] as StoredMessage;
          if (stored.deleted || stored.botId !== this.bot.id) continue;
          if (!predicate(stored.message)) continue;
          this.cursor = i + 1;
          return structuredClone(stored.message);
        }
        return undefined;
      },
      timeoutMs,
      () => `a bot message to ${this.user.first_name} (${this.id}); bot messages so far: ${JSON.stringify(this.messages().map((m) => m.text ?? m.caption ?? '[media]'))}`,
    );
  }

  private botMessages(): StoredMessage[] {
    return this.store.conversation(this.chat, this.bot.id).messages.filter((m) => !m.deleted && m.botId === this.bot.id);
  }

  private chatState(ref: ChatRef | undefined): ChatState {
    const state = this.store.chatById(ref?.id ?? this.id);
    if (!state) throw new Error(`chat ${ref?.id ?? this.id} does not exist`);
    return state;
  }

  private assertNotBlocked(): void {
    if (this.state.blocked.has(this.bot.id)) throw new Error(`${this.user.first_name} has blocked the bot; call unblockBot() first`);
  }

  private recipients(chatState: ChatState): BotState[] {
    if (chatState.chat.type === 'private') return [this.bot];
    return [...chatState.members.entries()]
      .filter(([, member]) => member.status !== 'left' && member.status !== 'kicked')
      .map(([id]) => this.store.botById(id))
      .filter((bot): bot is BotState => bot !== undefined);
  }

  private emit(content: Partial<TgMessage>, options: UserSendOptions): TgMessage {
    const chatState = this.chatState(options.chat);
    if (chatState.chat.type === 'private') {
      this.assertNotBlocked();
      this.state.started.add(this.bot.id);
    } else {
      if (chatState.chat.type === 'channel') throw new Error('users cannot send messages into a channel; use channel.post()');
      const member = chatState.members.get(this.id);
      if (!member || member.status === 'left' || member.status === 'kicked') throw new Error(`${this.user.first_name} is not a member of ${chatState.chat.title ?? chatState.chat.id}`);
    }
    const conversation = this.store.conversation(chatState.chat, this.bot.id);
    const replied = options.replyTo !== undefined ? conversation.byId.get(options.replyTo)?.message : undefined;
    const stored = this.store.appendMessage(
      conversation,
      (messageId) => ({
        message_id: messageId,
        from: { ...this.user },
        chat: { ...chatState.chat },
        date: now(),
        ...(replied ? { reply_to_message: withoutReply(replied) } : {}),
        ...content,
      }),
      { userId: this.id },
    );
    for (const bot of this.recipients(chatState)) this.store.enqueueUpdate(bot, { message: structuredClone(stored.message) });
    return structuredClone(stored.message);
  }

  private memberUpdate(oldStatus: string, newStatus: string): void {
    const { id, is_bot, first_name, username } = this.bot.user;
    const botUser = { id, is_bot, first_name, ...(username ? { username } : {}) };
    this.store.enqueueUpdate(this.bot, {
      my_chat_member: {
        chat: { ...this.chat },
        from: { ...this.user },
        date: now(),
        old_chat_member: { user: botUser, status: oldStatus },
        new_chat_member: newStatus === 'kicked' ? { user: botUser, status: newStatus, until_date: 0 } : { user: botUser, status: newStatus },
      },
    });
  }
}

function withoutReply(message: TgMessage): TgMessage {
  const copy = structuredClone(message);
  delete copy.reply_to_message;
  return copy;
}
