import type { Fixture } from '../fixture.ts';
import { runClosedLoop, Tally, type LoadResult, type LoadTarget, type RequestSpec } from '../load.ts';

/**
 * Webhook acceptance: synthetic Telegram message updates POSTed straight to
 * `/telegram/webhook/:botId` of the load bot, as fast as `connections` keep-alive connections
 * allow, in `rounds` that alternate with the same load against hello-world (`POST /` with the
 * same bodies). Every update has a new update_id and one of many senders (so the per-user update
 * flood limit never applies). Afterwards the rows are removed, so the bot process started later
 * never handles them.
 */
export interface AcceptanceOptions {
  readonly connections: number;
  /** Measured time per round, for the figure and for its baseline each. */
  readonly roundMs: number;
  readonly rounds: number;
  /** Before the first round of each side, not measured. */
  readonly warmupMs: number;
}

export interface AcceptanceResult {
  readonly webhook: LoadResult;
  readonly helloWorld: LoadResult;
}

const SENDERS = 500_000;

export function webhookUpdateBody(sequence: number): string {
  const user = 1_000_000_000 + (sequence % SENDERS);
  return JSON.stringify({
    update_id: sequence + 1,
    message: {
      message_id: sequence + 1,
      from: { id: user, is_bot: false, first_name: 'Load', language_code: 'fa' },
      chat: { id: user, type: 'private', first_name: 'Load' },
      date: Math.floor(Date.now() / 1000),
      text: 'سلام، می‌خواهم یک آگهی ثبت کنم',
    },
  });
}

export async function measureWebhookAcceptance(fx: Fixture, web: LoadTarget, hello: LoadTarget, options: AcceptanceOptions): Promise<AcceptanceResult> {
  let sequence = 0;
  const toWebhook = (): RequestSpec => ({
    method: 'POST',
    path: `/telegram/webhook/${fx.loadBot.id}`,
    headers: { 'x-telegram-bot-api-secret-token': fx.loadBot.secret },
    body: webhookUpdateBody(sequence++),
  });
  const toHello = (): RequestSpec => ({ method: 'POST', path: '/', body: webhookUpdateBody(sequence++) });
  const webhookTally = new Tally();
  const helloTally = new Tally();
  for (let round = 0; round < options.rounds; round += 1) {
    const warmupMs = round === 0 ? options.warmupMs : 0;
    await runClosedLoop({ target: hello, connections: options.connections, durationMs: options.roundMs, warmupMs, next: toHello, tally: helloTally });
    await runClosedLoop({ target: web, connections: options.connections, durationMs: options.roundMs, warmupMs, next: toWebhook, tally: webhookTally });
  }
  await fx.runtime.database.db.inboxUpdate.deleteMany({ where: { botId: fx.loadBot.id } });
  return { webhook: webhookTally.result(), helloWorld: helloTally.result() };
}
