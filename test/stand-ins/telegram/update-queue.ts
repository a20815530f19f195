import type { TgUpdate } from './types.ts';
import { DEFAULT_UPDATE_TYPES, updateType } from './types.ts';

export type WaitResult = 'ready' | 'timeout' | 'conflict' | 'webhook' | 'cancelled';

/**
 * One bot's pending updates (what Telegram keeps until confirmed) and its single
 * long-polling waiter.
 */
export class UpdateQueue {
  private pending: TgUpdate[] = [];
  private nextId: number;
  private waiter: ((result: WaitResult) => void) | undefined;
  private readonly pushListeners = new Set<() => void>();

  constructor(firstUpdateId: number) {
    this.nextId = firstUpdateId;
  }

  push(payload: Omit<TgUpdate, 'update_id'>): TgUpdate {
    const update = { update_id: this.nextId++, ...payload } as TgUpdate;
    this.pending.push(update);
    this.waiter?.('ready');
    for (const listener of this.pushListeners) listener();
    return update;
  }

  onPush(listener: () => void): () => void {
    this.pushListeners.add(listener);
    return () => this.pushListeners.delete(listener);
  }

  /** getUpdates `offset`: confirms everything below it; negative keeps only the last |offset|. */
  confirm(offset: number): void {
    if (offset > 0) this.pending = this.pending.filter((u) => u.update_id >= offset);
    else if (offset < 0) this.pending = this.pending.slice(offset);
  }

  /** Up to `limit` pending updates of the allowed types; updates of other types are dropped. */
  take(limit: number, allowed: readonly string[] | undefined): TgUpdate[] {
    const types = new Set(allowed && allowed.length > 0 ? allowed : DEFAULT_UPDATE_TYPES);
    this.pending = this.pending.filter((u) => types.has(updateType(u)));
    return this.pending.slice(0, limit);
  }

  /** Every pending update, whatever its type (nothing is dropped). */
  peek(): TgUpdate[] {
    return [...this.pending];
  }

  remove(updateId: number): void {
    this.pending = this.pending.filter((u) => u.update_id !== updateId);
  }

  /** Drops every pending update; returns how many. */
  drop(): number {
    const count = this.pending.length;
    this.pending = [];
    return count;
  }

  get size(): number {
    return this.pending.length;
  }

  get hasWaiter(): boolean {
    return this.waiter !== undefined;
  }

  /** The next update_id that will be assigned. */
  get upcomingId(): number {
    return this.nextId;
  }

  /**
   * Waits (long polling) until an update arrives, the time is up, another getUpdates or a
   * setWebhook takes over, or `signal` aborts (client gone / stand-in closing).
   */
  wait(timeoutMs: number, signal: AbortSignal): Promise<WaitResult> {
    this.waiter?.('conflict');
    return new Promise<WaitResult>((resolve) => {
      const finish = (result: WaitResult): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        if (this.waiter === finish) this.waiter = undefined;
        resolve(result);
      };
      const onAbort = (): void => finish('cancelled');
      const timer = setTimeout(() => finish('timeout'), timeoutMs);
      this.waiter = finish;
      if (signal.aborted) finish('cancelled');
      else signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Ends the current long poll (another getUpdates took over, or a webhook was set). */
  interrupt(reason: 'conflict' | 'webhook'): void {
    this.waiter?.(reason);
  }
}
