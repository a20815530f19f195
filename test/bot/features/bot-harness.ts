import crypto from 'node:crypto';
import { Api, type Bot } from 'grammy';
import type { Update } from 'grammy/types';
import { createTestRuntime, type TestRuntime } from '../../helpers/test-runtime.ts';
import type { DatabaseProvider } from '../../../src/shared/db/create-db.ts';
import type { TelegramBot } from '../../../src/shared/db/prisma-types.ts';
import { createBot, type BotContext } from '../../../src/bot/create-bot.ts';
import { startTelegramStandIn, type StandInBot, type TelegramStandIn, type UserOptions } from '../../stand-ins/telegram/telegram-stand-in.ts';
import type { SimulatedUser } from '../../stand-ins/telegram/user-simulator.ts';

/**
 * A feed brings updates to a bot: here a small long-polling loop over `getUpdates` that calls
 * `bot.handleUpdate` in order per chat (chats in parallel, as the real transport does). The
 * transport's own webhook/polling end-to-end tests replace this feed; nothing else changes.
 */
export interface UpdateFeed {
  /** Stops polling, waits for updates in hand, and returns the offset to continue from. */
  stop(): Promise<number | undefined>;
}

export interface FeedOptions {
  readonly offset?: number;
  readonly onHandled?: (update: Update) => void;
  readonly onError?: (error: unknown, update: Update) => void;
}

function chatKey(update: Update): string {
  const chat = update.message?.chat ?? update.edited_message?.chat ?? update.callback_query?.message?.chat ?? update.my_chat_member?.chat;
  return chat ? String(chat.id) : `update:${update.update_id}`;
}

export function startPollingFeed(bot: Bot<BotContext>, apiRoot: string, options: FeedOptions = {}): UpdateFeed {
  const poller = new Api(bot.token, { apiRoot });
  const abort = new AbortController();
  const chains = new Map<string, Promise<void>>();
  let offset = options.offset;
  const loop = (async () => {
    while (!abort.signal.aborted) {
      let updates: Update[];
      try {
        // grammY types its signal with the abort-controller polyfill; Node's AbortSignal is what it uses at run time.
        updates = await poller.getUpdates({ ...(offset !== undefined ? { offset } : {}), timeout: 1 }, abort.signal as Parameters<Api['getUpdates']>[1]);
      } catch (error) {
        if (abort.signal.aborted) break;
        throw error;
      }
      for (const update of updates) {
        offset = update.update_id + 1;
        const key = chatKey(update);
        const previous = chains.get(key) ?? Promise.resolve();
        const next = previous.then(async () => {
          try {
            await bot.handleUpdate(update);
            options.onHandled?.(update);
          } catch (error) {
            options.onError?.(error, update);
          }
        });
        chains.set(key, next);
      }
    }
  })();
  return {
    async stop() {
      abort.abort();
      await loop.catch(() => undefined);
      await Promise.all(chains.values());
      return offset;
    },
  };
}

export interface BotHarness {
  readonly runtime: TestRuntime;
  readonly tg: TelegramStandIn;
  readonly standIn: StandInBot;
  readonly botRow: TelegramBot;
  /** The current Bot instance (replaced by restart()). */
  bot: Bot<BotContext>;
  /** Every update handled so far, and errors that escaped handleUpdate (there should be none). */
  readonly handled: Map<number, Update>;
  readonly errors: unknown[];
  user(options?: Omit<UserOptions, 'bot'>): SimulatedUser;
  /** Resolves when the update has been handled by the bot. */
  waitHandled(updateId: number, timeoutMs?: number): Promise<Update>;
  /** A fresh Bot from createBot on the same database, continuing the same update stream. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startBotHarness(provider: DatabaseProvider, options: { tg?: TelegramStandIn; username?: string } = {}): Promise<BotHarness> {
  const tg = options.tg ?? (await startTelegramStandIn());
  const runtime = await createTestRuntime(provider, { TELEGRAM_API_ROOT: tg.url, LOG_LEVEL: process.env.BOT_TEST_LOG ?? 'silent' });
  const standIn = tg.addBot({ username: options.username ?? `agahi_${crypto.randomBytes(3).toString('hex')}_bot` });
  const botRow = await runtime.database.db.telegramBot.create({
    data: {
      name: 'Test bot',
      username: standIn.username,
      telegramId: String(standIn.id),
      tokenEncrypted: runtime.secretBox.encrypt(standIn.token),
      tokenHash: crypto.createHash('sha256').update(standIn.token).digest('hex'),
      isDefault: true,
    },
  });
  const handled = new Map<number, Update>();
  const errors: unknown[] = [];
  const waiters = new Set<() => void>();
  const feedOptions = {
    onHandled: (update: Update) => {
      handled.set(update.update_id, update);
      for (const wake of [...waiters]) wake();
    },
    onError: (error: unknown) => errors.push(error),
  };
  const build = () => createBot({ runtime, botId: botRow.id, token: standIn.token, botInfo: standIn.info });
  let bot = build();
  let feed = startPollingFeed(bot, tg.url, feedOptions);

  const harness: BotHarness = {
    runtime,
    tg,
    standIn,
    botRow,
    get bot() {
      return bot;
    },
    handled,
    errors,
    user: (userOptions = {}) => tg.user({ ...userOptions, bot: standIn }),
    waitHandled(updateId, timeoutMs = 8_000) {
      const found = handled.get(updateId);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`update ${updateId} was not handled within ${timeoutMs} ms`));
        }, timeoutMs);
        const check = () => {
          const update = handled.get(updateId);
          if (!update) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(update);
        };
        waiters.add(check);
      });
    },
    async restart() {
      const offset = await feed.stop();
      bot = build();
      feed = startPollingFeed(bot, tg.url, { ...feedOptions, ...(offset !== undefined ? { offset } : {}) });
    },
    async close() {
      await feed.stop();
      await runtime.close();
      if (!options.tg) await tg.close();
    },
  };
  return harness;
}
