import type { Runtime } from '../../runtime/create-runtime.ts';
import { redactText } from '../../redact.ts';
import { JobFailure, type JobHandler } from '../../worker/job-handler.ts';
import { isDeliveryChannel } from '../ads/delivery-channels.ts';
import { compareAndSet } from './delivery-row.ts';
import { parseDeliveryState } from './delivery-state.ts';
import { backoffMs, resolveDeliveryOptions, type DeliveryOptions } from './delivery-options.ts';
import { createTelegramBots } from './telegram-bots.ts';
import { notifyWebhookPartner, removeTelegramChannelPost, removeTelegramDm, type RemovalResult, type RemoverTable } from './withdraw-removers.ts';
import { createInstagramRemover } from './instagram-remover.ts';
import { runDeadline } from './run-deadline.ts';

/**
 * The `withdraw` job ({adId, channel}): takes one channel's publication of a withdrawn ad down
 * and records the result in the row's stateJson (`withdrawal`). While the channel is still being
 * delivered it waits (a pending row ends `skipped` once its job sees the withdrawal; one in flight
 * ends in a final state), then acts on what was actually published.
 */
function removers(graphUrl: string, timeoutMs: number): RemoverTable {
  const instagram = createInstagramRemover(graphUrl, timeoutMs);
  return { telegram_dm: removeTelegramDm, telegram_channel: removeTelegramChannelPost, instagram_feed: instagram, instagram_story: instagram, webhook: notifyWebhookPartner };
}

export interface WithdrawOptions extends DeliveryOptions {
  /** How long to wait for a channel that is still being delivered. */
  readonly settleWaitMs?: number;
}

export function createWithdrawJobHandler(runtime: Runtime, options: WithdrawOptions = {}): JobHandler {
  const resolved = resolveDeliveryOptions(options);
  const { db } = runtime.database;
  const bots = createTelegramBots({ db, secretBox: runtime.secretBox, apiRoot: runtime.config.telegramApiRoot, timeoutSeconds: resolved.telegramTimeoutSeconds, throttle: resolved.telegramThrottle });
  const settleWaitMs = options.settleWaitMs ?? 15_000;
  const REMOVERS = removers(runtime.config.instagramGraphUrl, resolved.instagramTimeoutMs);

  return async ({ job, signal }) => {
    const { adId, channel } = (job.payload ?? {}) as { adId?: unknown; channel?: unknown };
    if (typeof adId !== 'string' || typeof channel !== 'string' || !isDeliveryChannel(channel)) {
      throw new JobFailure(`invalid withdraw payload ${JSON.stringify(job.payload)}`, { retryable: false });
    }
    const row = await db.delivery.findUnique({ where: { adId_channel: { adId, channel } } });
    const ad = await db.ad.findUnique({ where: { id: adId }, select: { id: true, code: true, status: true } });
    if (!row || !ad || ad.status !== 'withdrawn') return;
    const state = parseDeliveryState(row.stateJson);
    const previous = state.withdrawal;
    if (previous && previous.status !== 'pending') return;
    if (row.status === 'pending' || row.status === 'in_progress') {
      if (job.attempts < job.maxAttempts) throw new JobFailure(`waiting for the ${channel} delivery to settle (${row.status})`, { retryable: true, delayMs: settleWaitMs });
      await compareAndSet(db, row, { state: { withdrawal: { ...previous, status: 'failed', detail: `the ${channel} delivery never settled (${row.status}); check it by hand`, finishedAt: new Date().toISOString() } } });
      return;
    }

    const secrets = new Set<string>();
    let result: RemovalResult;
    const partnerMayHaveIt = channel === 'webhook' && (state.webhook?.sends ?? 0) > 0;
    if ((row.status === 'failed' || row.status === 'skipped') && !partnerMayHaveIt) {
      result = { kind: 'done', status: 'nothing_to_remove', detail: `nothing was published (${row.status})` };
    } else if (row.status === 'uncertain') {
      result = { kind: 'done', status: 'check_manually', detail: 'the delivery is uncertain: check whether it was published and remove it by hand' };
    } else {
      const deadline = runDeadline(signal, resolved.runDeadlineMs);
      try {
        result = await REMOVERS[channel]({
          row,
          state,
          ad,
          settings: await runtime.settings.getAll(),
          bots,
          signal: deadline.signal,
          webhookTimeoutMs: resolved.webhookTimeoutMs,
          secret: (value) => {
            if (value) secrets.add(value);
          },
        });
      } finally {
        deadline.dispose();
      }
    }

    const scrub = (text: string) => redactText([...secrets].filter((s) => s.length >= 6).reduce((acc, s) => acc.split(s).join('<redacted>'), text)).slice(0, 1000);
    if (result.kind === 'retry') {
      if (result.state) await compareAndSet(db, row, { state: { withdrawal: { ...previous, ...result.state.withdrawal, status: 'pending' } } });
      if (job.attempts < job.maxAttempts) throw new JobFailure(scrub(result.error), { retryable: true, delayMs: result.delayMs ?? backoffMs(resolved, job.attempts) });
      result = { kind: 'done', status: 'failed', detail: `gave up after ${job.attempts} attempts: ${result.error}` };
    }
    const fresh = (await db.delivery.findUnique({ where: { id: row.id } })) ?? row;
    const current = parseDeliveryState(fresh.stateJson).withdrawal;
    const saved = await compareAndSet(db, fresh, {
      state: { ...result.state, withdrawal: { ...current, ...result.state?.withdrawal, status: result.status, detail: scrub(result.detail), finishedAt: new Date().toISOString() } },
    });
    if (!saved) throw new JobFailure('the delivery row changed while recording the withdrawal; trying again', { retryable: true, delayMs: 100 });
    runtime.logger.info({ msg: 'channel withdrawn', adId, channel, result: result.status });
  };
}
