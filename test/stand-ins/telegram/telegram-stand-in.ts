import { CallLog } from '../shared/call-log.ts';
import type { FaultHandle, FaultInput } from '../shared/faults.ts';
import { FaultRegistry } from '../shared/faults.ts';
import { startHttpServer, type ListenOptions } from '../shared/http-server.ts';
import { waitUntil } from '../shared/timing.ts';
import { matchCall, type TelegramCall, type TelegramCallFilter } from './call-record.ts';
import { ChatHandle } from './chat-handle.ts';
import { DEFAULT_FLOOD_LIMITS, FloodLimiter, TELEGRAM_FLOOD_LIMITS, type FloodLimits } from './flood-limiter.ts';
import type { MethodOptions } from './methods/context.ts';
import { createTelegramServer } from './server.ts';
import { TelegramStore, type BotState } from './store.ts';
import type { UserFromGetMe } from 'grammy/types';
import type { TgUpdate } from './types.ts';
import { SimulatedUser } from './user-simulator.ts';
import { WebhookPusher } from './webhook-pusher.ts';

export interface TelegramStandInOptions extends ListenOptions, Partial<MethodOptions> {
  /** Flood control; default generous (see DEFAULT_FLOOD_LIMITS), `'telegram'` for real-like limits. */
  readonly floodLimits?: FloodLimits | 'telegram' | false;
  /** Pause between failed webhook deliveries (default 200 ms). */
  readonly webhookRetryDelayMs?: number;
  /** How long a webhook may take to answer (default 10 s; Telegram waits about 60 s). */
  readonly webhookTimeoutMs?: number;
}

/** A bot registered in the stand-in. */
export interface StandInBot {
  readonly id: number;
  readonly token: string;
  readonly username: string;
  /** What getMe answers (pass it to grammY as `botInfo`). */
  readonly info: UserFromGetMe;
}

export type BotRef = string | number | { readonly id: number };

export interface TelegramFaultRule {
  /** Method name (`sendPhoto`), a RegExp, or omitted for every method; `downloadFile` for file downloads. */
  readonly method?: string | RegExp;
  /** Only for this bot (token, id or the bot). */
  readonly bot?: BotRef;
  readonly fault: FaultInput<never>;
  readonly times?: number;
}

export interface UserOptions {
  readonly firstName?: string;
  readonly lastName?: string;
  readonly username?: string;
  readonly languageCode?: string;
  /** Phone number shared by shareContact() (digits, as Telegram sends it). */
  readonly phone?: string;
  readonly isPremium?: boolean;
  /** The bot this user talks to (token, id or bot); default: the only registered bot. */
  readonly bot?: BotRef;
  /** Same as `bot`, by token. */
  readonly botToken?: string;
  /** Has the user started the bot already? Default true; false → the bot gets 403 until the user writes. */
  readonly started?: boolean;
}

export interface ChatOptions {
  readonly title: string;
  readonly username?: string;
  readonly description?: string;
  /** Bots added as administrators. */
  readonly admins?: readonly BotRef[];
  /** Bots added as plain members (groups only). */
  readonly bots?: readonly BotRef[];
}

/** The Telegram Bot API stand-in: an HTTP server plus the world it simulates. */
export class TelegramStandIn {
  /** The `apiRoot` for grammY (`client: { apiRoot }`), no trailing slash. */
  readonly url: string;
  private readonly store: TelegramStore;
  private readonly log: CallLog<TelegramCall>;
  private readonly faults: FaultRegistry;
  private readonly flood: FloodLimiter;
  private readonly lifetime: AbortController;
  private readonly webhooks: WebhookPusher;
  private readonly closeServer: () => Promise<void>;

  private constructor(parts: {
    url: string;
    store: TelegramStore;
    log: CallLog<TelegramCall>;
    faults: FaultRegistry;
    flood: FloodLimiter;
    lifetime: AbortController;
    webhooks: WebhookPusher;
    close: () => Promise<void>;
  }) {
    this.url = parts.url;
    this.store = parts.store;
    this.log = parts.log;
    this.faults = parts.faults;
    this.flood = parts.flood;
    this.lifetime = parts.lifetime;
    this.webhooks = parts.webhooks;
    this.closeServer = parts.close;
  }

  static async start(options: TelegramStandInOptions = {}): Promise<TelegramStandIn> {
    const store = new TelegramStore();
    const log = new CallLog<TelegramCall>();
    const faults = new FaultRegistry();
    const flood = new FloodLimiter(resolveFlood(options.floodLimits));
    const lifetime = new AbortController();
    let executeReply: (bot: BotState, params: Record<string, unknown>) => Promise<void> = async () => undefined;
    const webhooks = new WebhookPusher(
      { retryDelayMs: options.webhookRetryDelayMs ?? 200, timeoutMs: options.webhookTimeoutMs ?? 10_000 },
      lifetime.signal,
      (bot, params) => executeReply(bot, params),
    );
    const server = createTelegramServer({
      store,
      flood,
      webhooks,
      faults,
      log,
      lifetime: lifetime.signal,
      options: {
        maxLongPollSeconds: options.maxLongPollSeconds ?? 50,
        urlFetchTimeoutMs: options.urlFetchTimeoutMs ?? 10_000,
        requireHttpsWebhook: options.requireHttpsWebhook ?? false,
      },
    });
    executeReply = server.executeWebhookReply;
    const http = await startHttpServer(server.handle, options);
    return new TelegramStandIn({ url: http.url, store, log, faults, flood, lifetime, webhooks, close: http.close });
  }

  /** Registers a bot; unknown tokens get 401 Unauthorized. */
  addBot(options: { token?: string; username?: string; firstName?: string } = {}): StandInBot {
    const bot = this.store.addBot(options);
    this.webhooks.attach(bot);
    return toStandInBot(bot);
  }

  bots(): StandInBot[] {
    return this.store.allBots().map(toStandInBot);
  }

  /** A simulated person in a private chat with a bot. */
  user(options: UserOptions = {}): SimulatedUser {
    const bot = this.botState(options.bot ?? options.botToken);
    const state = this.store.addUser({
      firstName: options.firstName ?? 'Test',
      ...(options.lastName !== undefined ? { lastName: options.lastName } : {}),
      ...(options.username !== undefined ? { username: options.username } : {}),
      ...(options.languageCode !== undefined ? { languageCode: options.languageCode } : {}),
      ...(options.phone !== undefined ? { phone: options.phone } : {}),
      ...(options.isPremium !== undefined ? { isPremium: options.isPremium } : {}),
    });
    if (options.started ?? true) state.started.add(bot.id);
    return new SimulatedUser(this.store, bot, state);
  }

  /** A channel (id -100…); bots listed in `admins` may post. Posts are readable with `channel.posts()`. */
  createChannel(options: ChatOptions): ChatHandle {
    return this.createChat('channel', options);
  }

  /** A group (`type: 'group'`, default) or supergroup. */
  createGroup(options: ChatOptions & { type?: 'group' | 'supergroup' }): ChatHandle {
    return this.createChat(options.type ?? 'group', options);
  }

  /** Injects a fault; returns a handle to clear it early. */
  inject(rule: TelegramFaultRule): FaultHandle {
    return this.faults.inject({
      ...(rule.method !== undefined ? { target: rule.method } : {}),
      ...(rule.bot !== undefined ? { scope: this.botState(rule.bot).token } : {}),
      fault: rule.fault,
      ...(rule.times !== undefined ? { times: rule.times } : {}),
    });
  }

  clearFaults(): void {
    this.faults.clear();
  }

  /** Recorded calls, oldest first; filter by method/bot/ok or a predicate. */
  calls(filter?: TelegramCallFilter | ((call: TelegramCall) => boolean)): TelegramCall[] {
    return this.log.list((call) => matchCall(call, filter));
  }

  clearCalls(): void {
    this.log.clear();
  }

  /** Called once per call when it is answered (or left hanging). Returns an unsubscribe function. */
  onCall(listener: (call: TelegramCall) => void): () => void {
    return this.log.onRecord(listener);
  }

  /** `'telegram'` ≈ the real limits, `'default'` generous, `false` off, or explicit limits. */
  setFloodLimits(limits: FloodLimits | 'telegram' | 'default' | false): void {
    this.flood.set(limits === 'default' ? DEFAULT_FLOOD_LIMITS : resolveFlood(limits));
  }

  /** Updates waiting for the bot (not yet confirmed or delivered). */
  pendingUpdates(bot?: BotRef): TgUpdate[] {
    return structuredClone(this.botState(bot).queue.peek());
  }

  /** Queues a hand-made update for a bot (update_id is assigned). */
  pushUpdate(bot: BotRef | undefined, payload: Omit<TgUpdate, 'update_id'>): TgUpdate {
    return structuredClone(this.store.enqueueUpdate(this.botState(bot), payload));
  }

  /** Current webhook settings as getWebhookInfo would show them, without a call being recorded. */
  webhookInfo(bot?: BotRef): { url: string; pendingUpdateCount: number; lastErrorDate?: number; lastErrorMessage?: string } {
    const state = this.botState(bot);
    return {
      url: state.webhook?.url ?? '',
      pendingUpdateCount: state.queue.size,
      ...(state.webhook?.lastErrorDate !== undefined ? { lastErrorDate: state.webhook.lastErrorDate } : {}),
      ...(state.webhook?.lastErrorMessage !== undefined ? { lastErrorMessage: state.webhook.lastErrorMessage } : {}),
    };
  }

  /** Commands set with setMyCommands for the default scope (or the given scope key parts). */
  commands(bot?: BotRef, options: { scope?: string; languageCode?: string } = {}): Array<{ command: string; description: string }> {
    const key = JSON.stringify([options.scope ?? 'default', null, null, options.languageCode ?? '']);
    return (this.botState(bot).commands.get(key) ?? []).map((c) => ({ ...c }));
  }

  /** Waits until `condition` returns a value other than undefined/false (checked every few ms). */
  waitFor<T>(condition: () => T | undefined | false, timeoutMs = 5_000, what = 'condition'): Promise<T> {
    return waitUntil(condition, timeoutMs, () => what);
  }

  /** Waits until a call matching the filter has been answered (or left hanging) and returns it. */
  waitForCall(filter: TelegramCallFilter | ((call: TelegramCall) => boolean), timeoutMs = 5_000): Promise<TelegramCall> {
    const find = (): TelegramCall | undefined =>
      this.log.list((c) => matchCall(c, filter) && (c.response !== undefined || c.fault !== undefined))[0];
    const existing = find();
    if (existing) return Promise.resolve(existing);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        unsubscribe();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for a call matching ${JSON.stringify(filter)}`));
      }, timeoutMs);
      const unsubscribe = this.log.onRecord((call) => {
        if (!matchCall(call, filter)) return;
        clearTimeout(timer);
        unsubscribe();
        resolve(call);
      });
    });
  }

  async close(): Promise<void> {
    this.lifetime.abort(new Error('stand-in closed'));
    await this.closeServer();
  }

  private botState(ref: BotRef | undefined): BotState {
    if (ref === undefined) {
      const all = this.store.allBots();
      if (all.length !== 1) throw new Error(`name the bot: ${all.length} bots are registered`);
      return all[0] as BotState;
    }
    const state =
      typeof ref === 'string' ? this.store.botByToken(ref) : this.store.botById(typeof ref === 'number' ? ref : ref.id);
    if (!state) throw new Error('unknown bot');
    return state;
  }

  private createChat(type: 'group' | 'supergroup' | 'channel', options: ChatOptions): ChatHandle {
    const state = this.store.createChat(type, {
      title: options.title,
      ...(options.username !== undefined ? { username: options.username } : {}),
      ...(options.description !== undefined ? { description: options.description } : {}),
    });
    const owner = this.store.addUser({ firstName: `${options.title} owner` });
    const handle = new ChatHandle(this.store, state, owner, (ref) => this.botState(ref));
    for (const bot of options.admins ?? []) handle.addBot(bot, { admin: true });
    for (const bot of options.bots ?? []) handle.addBot(bot, { admin: false });
    return handle;
  }
}

function toStandInBot(bot: BotState): StandInBot {
  const username = bot.user.username ?? '';
  // The store builds exactly the getMe shape; the cast narrows optional fields grammY requires.
  return { id: bot.id, token: bot.token, username, info: { ...bot.user, username } as UserFromGetMe };
}

function resolveFlood(limits: FloodLimits | 'telegram' | false | undefined): FloodLimits {
  if (limits === undefined) return DEFAULT_FLOOD_LIMITS;
  if (limits === 'telegram') return TELEGRAM_FLOOD_LIMITS;
  if (limits === false) return { perChat: false, global: false };
  return limits;
}

export function startTelegramStandIn(options: TelegramStandInOptions = {}): Promise<TelegramStandIn> {
  return TelegramStandIn.start(options);
}
