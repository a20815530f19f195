import path from 'node:path';
import type { Runtime } from '../../runtime/create-runtime.ts';
import type { Delivery } from '../../db/prisma-types.ts';
import type { ClaimedJob } from '../../db/job-queue.ts';
import { redactText } from '../../redact.ts';
import { JobFailure, type JobHandler } from '../../worker/job-handler.ts';
import { DELIVER_JOB, isDeliveryChannel, type DeliveryChannel } from '../ads/delivery-channels.ts';
import { ensureAdImages } from '../images/ad-images.ts';
import { ensureAdPhotoImages } from '../images/ad-photo-images.ts';
import { downloadTelegramFile } from '../../integrations/telegram/download-file.ts';
import { mediaRootOf, resolveMediaFile } from '../images/media-storage.ts';
import { loadAdForDelivery } from './delivery-ad.ts';
import { compareAndSet, createDeliveryAttempt, isJobActive, isJobPending, LostClaimError, TERMINAL_STATUSES, type DeliveryAttempt } from './delivery-row.ts';
import { parseDeliveryState } from './delivery-state.ts';
import { backoffMs, resolveDeliveryOptions, type DeliveryOptions, type ResolvedDeliveryOptions } from './delivery-options.ts';
import type { PublishOutcome } from './delivery-outcome.ts';
import { publicMediaUrl } from './media-url.ts';
import { runDeadline } from './run-deadline.ts';
import { gateDelivery } from './delivery-gate.ts';
import type { DeliveryServices, PublishContext, Publisher } from './publish-context.ts';
import { createTelegramBots } from './telegram-bots.ts';
import { publishTelegramChannel } from './telegram-channel-publisher.ts';
import { publishTelegramDm } from './telegram-dm-publisher.ts';
import { publishWebhook } from './webhook-publisher.ts';
import { publishInstagramFeed } from './instagram-feed-publisher.ts';
import { publishInstagramStory } from './instagram-story-publisher.ts';

/**
 * The `deliver` job ({adId, channel}): publishes one ad to one channel, independently of the
 * others, under its own deadline, and ends the Delivery row in `success`, `failed`, `uncertain`
 * or `skipped`. Idempotent: any number of runs, duplicate jobs, crashes and restarts publish at
 * most once (see delivery-row.ts for the state machine, each publisher for its channel's rules).
 */
const PUBLISHERS: Readonly<Record<DeliveryChannel, Publisher>> = {
  telegram_dm: publishTelegramDm,
  telegram_channel: publishTelegramChannel,
  instagram_feed: publishInstagramFeed,
  instagram_story: publishInstagramStory,
  webhook: publishWebhook,
};

const MAX_ERROR_LENGTH = 1000;
const SERVICE_OF: Record<DeliveryChannel, string> = {
  telegram_dm: 'telegram',
  telegram_channel: 'telegram',
  instagram_feed: 'instagram',
  instagram_story: 'instagram',
  webhook: 'webhook',
};

export function createDeliveryJobHandler(runtime: Runtime, options: DeliveryOptions = {}): JobHandler {
  const resolved = resolveDeliveryOptions(options);
  const services = createDeliveryServices(runtime, resolved);
  const { db } = runtime.database;

  return async ({ job, signal }) => {
    const { adId, channel } = (job.payload ?? {}) as { adId?: unknown; channel?: unknown };
    if (typeof adId !== 'string' || typeof channel !== 'string' || !isDeliveryChannel(channel)) {
      throw new JobFailure(`invalid deliver payload ${JSON.stringify(job.payload)}`, { retryable: false });
    }
    const log = runtime.logger.child({ adId, channel, jobId: job.id });
    for (let round = 0; round < 5; round += 1) {
      const row = await db.delivery.findUnique({ where: { adId_channel: { adId, channel } } });
      if (!row || TERMINAL_STATUSES.has(row.status)) return;
      // Scheduled and paced deliveries: never before notBefore, never for an ad taken down meanwhile.
      const gate = await gateDelivery({ runtime, now: resolved.now, random: resolved.random }, row, job);
      if (gate === 'done') return;
      if (gate === 'again') continue;
      const attempt = await takeRow(row, job);
      if (attempt === 'busy') return;
      if (attempt === 'changed') continue;
      const startedMs = Date.now();
      const ad = await loadAdForDelivery(db, adId);
      if (!ad) return;
      // Instagram decides itself: a container may already be published (its status tells).
      if (ad.status !== 'approved' && !attempt.resumed && !channel.startsWith('instagram')) {
        await finish(attempt, job, { kind: 'skipped', reason: `the ad was ${ad.status} before it was published` }, new Set(), log, startedMs);
        return;
      }
      const secrets = new Set<string>();
      const deadline = runDeadline(signal, resolved.runDeadlineMs);
      const context: PublishContext = {
        ad,
        channel,
        settings: await runtime.settings.getAll(),
        attempt,
        job,
        signal: deadline.signal,
        options: resolved,
        services,
        secret: (value) => {
          if (value) secrets.add(value);
        },
        hook: async (call, when) => {
          await resolved.onCall?.({ adId, channel, call, when });
        },
      };
      let outcome: PublishOutcome;
      try {
        outcome = await PUBLISHERS[channel](context);
      } catch (error) {
        if (error instanceof LostClaimError) {
          log.info({ msg: 'delivery row taken over by another run; stopping' });
          return;
        }
        const message = scrub(error instanceof Error ? error.message : String(error), secrets);
        if (signal.aborted) throw error;
        if (attempt.begun) {
          // The row stays in_progress: the next run treats it as interrupted (never re-sent blindly).
          throw new JobFailure(message, { retryable: true, delayMs: backoffMs(resolved, job.attempts), cause: error });
        }
        outcome = { kind: 'retry', error: message };
      } finally {
        deadline.dispose();
      }
      await finish(attempt, job, outcome, secrets, log, startedMs);
      return;
    }
    throw new JobFailure('the delivery row kept changing under this job; trying again', { retryable: true, delayMs: backoffMs(resolved, job.attempts) });
  };

  /** Takes the row for this job: pending rows as they are; in_progress ones only if their owner is gone. */
  async function takeRow(row: Delivery, job: ClaimedJob): Promise<DeliveryAttempt | 'busy' | 'changed'> {
    const now = resolved.now;
    if (row.status === 'pending') {
      // A wait handed the row to a scheduled job: leave it to that one (no second chain of jobs).
      const next = parseDeliveryState(row.stateJson).next;
      if (next !== undefined && next !== job.id && (await isJobPending(db, next, now()))) return 'busy';
      return createDeliveryAttempt(db, row, job.id, { resumed: false, now });
    }
    if (row.status !== 'in_progress') return 'busy';
    const attempt = createDeliveryAttempt(db, row, job.id, { resumed: true, now });
    const owner = attempt.state.owner;
    if (owner !== undefined && owner !== job.id && (await isJobActive(db, owner, now()))) return 'busy';
    const taken = await compareAndSet(db, row, { state: { owner: job.id } });
    return taken ? createDeliveryAttempt(db, taken, job.id, { resumed: true, now }) : 'changed';
  }

  async function finish(attempt: DeliveryAttempt, job: ClaimedJob, outcome: PublishOutcome, secrets: ReadonlySet<string>, log: Runtime['logger'], startedMs: number): Promise<void> {
    const now = resolved.now();
    const channel = attempt.row.channel;
    runtime.metrics.deliveryLatency.observe({ channel, outcome: outcome.kind }, (Date.now() - startedMs) / 1000);
    if (outcome.kind === 'failed' || outcome.kind === 'uncertain' || outcome.kind === 'retry') {
      runtime.metrics.externalErrors.inc({ service: SERVICE_OF[channel as DeliveryChannel] ?? channel, code: outcome.kind });
    }
    const done = { attemptStartedAt: null, state: { owner: undefined, waiting: undefined, next: undefined } } as const;
    try {
      switch (outcome.kind) {
        case 'success':
          await attempt.save({ ...outcome.patch, ...done, state: { ...outcome.patch?.state, ...done.state }, status: 'success', externalId: outcome.externalId, lastError: null, completedAt: now });
          log.info({ msg: 'delivered', externalId: outcome.externalId });
          return;
        case 'failed':
        case 'uncertain': {
          const error = scrub(outcome.error, secrets);
          await attempt.save({ ...outcome.patch, ...done, state: { ...outcome.patch?.state, ...done.state }, status: outcome.kind, lastError: error, completedAt: now });
          log.warn({ msg: `delivery ${outcome.kind}`, error });
          return;
        }
        case 'skipped':
          await attempt.save({ ...done, status: 'skipped', lastError: outcome.reason, completedAt: now });
          return;
        case 'retry': {
          const error = scrub(outcome.error, secrets);
          if (job.attempts >= job.maxAttempts) {
            await attempt.save({ ...outcome.patch, ...done, state: { ...outcome.patch?.state, ...done.state }, status: 'failed', lastError: `gave up after ${job.attempts} attempts: ${error}`, completedAt: now });
            log.warn({ msg: 'delivery failed', error });
            return;
          }
          await attempt.save({ ...outcome.patch, ...done, state: { ...outcome.patch?.state, ...done.state }, status: 'pending', lastError: error });
          throw new JobFailure(error, { retryable: true, delayMs: outcome.delayMs ?? backoffMs(resolved, job.attempts) });
        }
        case 'wait': {
          const runAt = new Date(now.getTime() + outcome.delayMs);
          // Hand over to a fresh job: waiting is not a failed attempt and never uses them up.
          await db.$transaction(async (tx) => {
            const next = await runtime.jobs.enqueue(tx, { kind: DELIVER_JOB, payload: { adId: attempt.row.adId, channel: attempt.row.channel }, runAt, maxAttempts: job.maxAttempts });
            await attempt.saveIn(tx, {
              ...outcome.patch,
              attemptStartedAt: null,
              state: { ...outcome.patch?.state, owner: undefined, waiting: outcome.reason, next: next?.id },
              status: 'pending',
              lastError: `waiting: ${outcome.reason}`,
            });
          });
          log.info({ msg: 'delivery waiting', reason: outcome.reason, until: runAt.toISOString() });
          return;
        }
      }
    } catch (error) {
      if (error instanceof LostClaimError) {
        log.warn({ msg: 'delivery row changed by someone else before the outcome was recorded', outcome: outcome.kind });
        return;
      }
      throw error;
    }
  }
}

function createDeliveryServices(runtime: Runtime, options: ResolvedDeliveryOptions): DeliveryServices {
  const { db } = runtime.database;
  const mediaRoot = mediaRootOf(runtime.config.dataDir);
  const apiRoot = runtime.config.telegramApiRoot;
  const bots = createTelegramBots({ db, secretBox: runtime.secretBox, apiRoot, timeoutSeconds: options.telegramTimeoutSeconds, throttle: options.telegramThrottle });
  return {
    db,
    logger: runtime.logger,
    bots,
    images: (adId, variants) => ensureAdImages({ db, settings: runtime.settings, mediaRoot }, adId, variants),
    async photoImages(ad) {
      // A file_id works only with the bot that received it.
      const owner = ad.botId === null ? null : await bots.byId(ad.botId);
      if (!owner) return null;
      const download = (fileId: string) => downloadTelegramFile({ api: owner.api, token: owner.token, apiRoot, fileId, timeoutMs: options.telegramTimeoutSeconds * 1000 });
      return ensureAdPhotoImages({ db, mediaRoot, download }, ad);
    },
    mediaFile: (relative) => resolveMediaFile(mediaRoot, relative) ?? path.join(mediaRoot, 'invalid'),
    mediaUrl: (settings, relative) => publicMediaUrl(settings['site.publicBaseUrl'] || runtime.config.publicBaseUrl, relative),
    mediaUrlCheck: runtime.config.mediaUrlCheck,
    instagramGraphUrl: runtime.config.instagramGraphUrl,
  };
}

/** Secrets never reach lastError or the logs: known secret values, then the generic patterns. */
function scrub(text: string, secrets: ReadonlySet<string>): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 6) out = out.split(secret).join('<redacted>');
  out = redactText(out);
  return out.length > MAX_ERROR_LENGTH ? `${out.slice(0, MAX_ERROR_LENGTH - 1)}…` : out;
}
