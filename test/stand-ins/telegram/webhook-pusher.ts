import http from 'node:http';
import { linkedSignal } from '../shared/linked-signal.ts';
import { sleep } from '../shared/timing.ts';
import { now, type BotState, type WebhookConfig } from './store.ts';
import type { TgUpdate } from './types.ts';

export interface WebhookPusherOptions {
  /** Wait between failed deliveries (Telegram backs off; tests want it short). */
  readonly retryDelayMs: number;
  /** How long to wait for the webhook's answer (Telegram: about 60 s). */
  readonly timeoutMs: number;
}

type Delivery = { ok: true; body: string } | { ok: false; error: string };

/**
 * Pushes each bot's queued updates to its webhook one at a time, in order, retrying the
 * head of the queue until the webhook answers 2xx, as Telegram does.
 */
export class WebhookPusher {
  private readonly running = new Set<number>();

  constructor(
    private readonly options: WebhookPusherOptions,
    private readonly lifetime: AbortSignal,
    /** Executes a method the webhook answered with (`{"method": ...}` in the reply body). */
    private readonly executeReply: (bot: BotState, params: Record<string, unknown>) => Promise<void>,
  ) {}

  attach(bot: BotState): void {
    bot.queue.onPush(() => this.kick(bot));
  }

  kick(bot: BotState): void {
    if (!bot.webhook || this.running.has(bot.id) || this.lifetime.aborted) return;
    this.running.add(bot.id);
    void this.pump(bot).finally(() => {
      this.running.delete(bot.id);
      if (bot.webhook && bot.queue.size > 0 && !this.lifetime.aborted) this.kick(bot);
    });
  }

  private async pump(bot: BotState): Promise<void> {
    while (!this.lifetime.aborted) {
      const hook = bot.webhook;
      if (!hook) return;
      const [update] = bot.queue.take(1, bot.allowedUpdates);
      if (!update) return;
      const delivery = await this.deliver(hook, update);
      if (delivery.ok) {
        bot.queue.remove(update.update_id);
        await this.runReply(bot, delivery.body);
        continue;
      }
      hook.lastErrorDate = now();
      hook.lastErrorMessage = delivery.error;
      try {
        await sleep(this.options.retryDelayMs, this.lifetime);
      } catch {
        return;
      }
    }
  }

  private async deliver(hook: WebhookConfig, update: TgUpdate): Promise<Delivery> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (hook.secretToken) headers['x-telegram-bot-api-secret-token'] = hook.secretToken;
    const link = linkedSignal([this.lifetime], this.options.timeoutMs);
    try {
      const response = await fetch(hook.url, { method: 'POST', headers, body: JSON.stringify(update), signal: link.signal });
      const body = await response.text();
      if (response.status >= 200 && response.status < 300) return { ok: true, body };
      return { ok: false, error: `Wrong response from the webhook: ${response.status} ${http.STATUS_CODES[response.status] ?? ''}`.trim() };
    } catch (error) {
      return { ok: false, error: describeNetworkError(error) };
    } finally {
      link.dispose();
    }
  }

  private async runReply(bot: BotState, body: string): Promise<void> {
    if (!body.trim().startsWith('{')) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return;
    }
    if (parsed && typeof parsed === 'object' && typeof (parsed as { method?: unknown }).method === 'string') {
      await this.executeReply(bot, parsed as Record<string, unknown>).catch(() => undefined);
    }
  }
}

function describeNetworkError(error: unknown): string {
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') return 'Read timeout expired';
  const cause = error instanceof Error ? (error.cause as { code?: string } | undefined) : undefined;
  switch (cause?.code) {
    case 'ECONNREFUSED':
      return 'Connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'Failed to resolve host: Name or service not known';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'Connection reset by peer';
    default:
      return 'Connection error';
  }
}
