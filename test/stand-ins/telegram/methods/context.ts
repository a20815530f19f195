import type { FloodLimiter } from '../flood-limiter.ts';
import type { Params } from '../params.ts';
import type { BotState, TelegramStore } from '../store.ts';
import type { WebhookPusher } from '../webhook-pusher.ts';

export interface MethodOptions {
  /** Upper bound for getUpdates `timeout` seconds. */
  readonly maxLongPollSeconds: number;
  /** How long sendPhoto waits for a photo given by URL. */
  readonly urlFetchTimeoutMs: number;
  /** Refuse http:// webhooks like Telegram (off: loopback webhooks for tests). */
  readonly requireHttpsWebhook: boolean;
}

export interface MethodContext {
  readonly store: TelegramStore;
  readonly flood: FloodLimiter;
  readonly webhooks: WebhookPusher;
  readonly options: MethodOptions;
  readonly bot: BotState;
  readonly params: Params;
  /** Aborted when the client disconnects or the stand-in closes (ends long polls). */
  readonly signal: AbortSignal;
}

/** A successful result that carries Telegram's optional `description` (setWebhook and friends). */
export class Described {
  constructor(
    readonly result: unknown,
    readonly description: string,
  ) {}
}

export type MethodHandler = (ctx: MethodContext) => unknown;
