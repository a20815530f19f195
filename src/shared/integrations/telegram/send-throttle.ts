import type { Transformer } from 'grammy';

/**
 * Keeps sends within Telegram's limits (about 30 messages/s per bot, 1/s per private chat with a
 * small burst, 20/min per group): delays a send until a slot is free. One instance per bot token.
 */
export interface ThrottleLimits {
  readonly globalPerSecond: number;
  readonly perChatPerSecond: number;
  readonly perChatBurst: number;
  readonly perGroupPerMinute: number;
}

export const TELEGRAM_LIMITS: ThrottleLimits = { globalPerSecond: 25, perChatPerSecond: 1, perChatBurst: 3, perGroupPerMinute: 20 };

const SEND_METHODS = new Set([
  'sendMessage', 'sendPhoto', 'sendMediaGroup', 'sendDocument', 'sendVideo', 'sendAnimation', 'sendAudio',
  'sendVoice', 'sendContact', 'sendLocation', 'copyMessage', 'forwardMessage', 'editMessageText',
  'editMessageCaption', 'editMessageReplyMarkup', 'editMessageMedia',
]);

class Bucket {
  #tokens: number;
  #updated = Date.now();
  constructor(private readonly ratePerMs: number, private readonly capacity: number) {
    this.#tokens = capacity;
  }
  /** Milliseconds to wait before a token is available (and reserves it). */
  reserve(now: number): number {
    this.#tokens = Math.min(this.capacity, this.#tokens + (now - this.#updated) * this.ratePerMs);
    this.#updated = now;
    this.#tokens -= 1;
    return this.#tokens >= 0 ? 0 : Math.ceil(-this.#tokens / this.ratePerMs);
  }
}

export function createSendThrottle(limits: ThrottleLimits = TELEGRAM_LIMITS): Transformer {
  const global = new Bucket(limits.globalPerSecond / 1000, limits.globalPerSecond);
  const chats = new Map<string, Bucket>();
  return async (prev, method, payload, signal) => {
    if (SEND_METHODS.has(method)) {
      const chatId = String((payload as { chat_id?: unknown }).chat_id ?? '');
      const isGroup = chatId.startsWith('-');
      let bucket = chats.get(chatId);
      if (!bucket) {
        bucket = isGroup ? new Bucket(limits.perGroupPerMinute / 60_000, 3) : new Bucket(limits.perChatPerSecond / 1000, limits.perChatBurst);
        if (chats.size > 10_000) chats.clear();
        chats.set(chatId, bucket);
      }
      const now = Date.now();
      const wait = Math.max(global.reserve(now), bucket.reserve(now));
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
    return prev(method, payload, signal);
  };
}
