import fs from 'node:fs/promises';
import path from 'node:path';
import type { Api } from 'grammy';
import type { Runtime } from '../../runtime/create-runtime.ts';
import type { Broadcast, BroadcastRecipient, TelegramBot } from '../../db/prisma-types.ts';
import type { ClaimedJob } from '../../db/job-queue.ts';
import { acquireLease, releaseLease, renewLease } from '../../db/leases.ts';
import { createTelegramApi } from '../../integrations/telegram/create-telegram-api.ts';
import { JobFailure, type JobHandler } from '../../worker/job-handler.ts';
import { recordAudit, SYSTEM_ACTOR } from '../audit/record-audit.ts';
import { mediaRootOf, resolveMediaFile } from '../images/media-storage.ts';
import { enqueueSender } from './broadcast-actions.ts';
import { saveCounters } from './broadcast-progress.ts';
import { sendBroadcastMessage, type BroadcastMessage, type SendOutcome } from './broadcast-send.ts';
import { broadcastLeaseName, INTERRUPTED_RECIPIENT } from './broadcast-status.ts';
import { BROADCAST_MESSAGES_PER_SECOND, createBroadcastPacer, type BroadcastPacer } from './broadcast-throttle.ts';

/**
 * The `broadcast` job ({broadcastId}): sends one slice of a running broadcast, then hands over
 * to a fresh job, so one broadcast never holds a worker slot for long and a restart resumes.
 *
 * Never twice: a recipient row goes pending → sending (committed before the Telegram call) →
 * sent / blocked / failed / uncertain. Only the holder of the broadcast's lease sends, so a row
 * found in `sending` when a job takes the lease was cut off mid-call (crash, kill): it becomes
 * `uncertain` and is not sent again. A 429 (or a connection refused before sending) proves the
 * message was not delivered: the row goes back to pending and is tried after the wait.
 *
 * Pacing: at most `messagesPerSecond` per bot from this process (broadcast-throttle.ts). Pause
 * and cancel are read between batches; counters are saved after every batch.
 */
export interface BroadcastJobOptions {
  readonly messagesPerSecond?: number;
  /** Recipients per batch: the status is re-read and the counters saved between batches. */
  readonly batchSize?: number;
  /** How long one job sends before handing over to the next. */
  readonly sliceMs?: number;
  /** The broadcast lease's lifetime (renewed while sending). */
  readonly leaseMs?: number;
  readonly telegramTimeoutSeconds?: number;
  /** A retry_after up to this long is waited out in the job; longer ends the slice. */
  readonly maxInlineWaitMs?: number;
}

interface Resolved {
  readonly messagesPerSecond: number;
  readonly batchSize: number;
  readonly sliceMs: number;
  readonly leaseMs: number;
  readonly telegramTimeoutSeconds: number;
  readonly maxInlineWaitMs: number;
}

export function createBroadcastJobHandler(runtime: Runtime, options: BroadcastJobOptions = {}): JobHandler {
  const o: Resolved = {
    messagesPerSecond: options.messagesPerSecond ?? BROADCAST_MESSAGES_PER_SECOND,
    batchSize: options.batchSize ?? 20,
    sliceMs: options.sliceMs ?? 10_000,
    leaseMs: options.leaseMs ?? 60_000,
    telegramTimeoutSeconds: options.telegramTimeoutSeconds ?? 15,
    maxInlineWaitMs: options.maxInlineWaitMs ?? 30_000,
  };
  const { db } = runtime.database;
  const pacers = new Map<number, BroadcastPacer>();
  const apis = new Map<string, Api>();

  const apiFor = (bot: TelegramBot): Api => {
    const key = `${bot.id}|${bot.tokenHash}`;
    let api = apis.get(key);
    if (!api) {
      // Our pacer is the throttle; no automatic retries: every 429 is handled here, per recipient.
      api = createTelegramApi(runtime.secretBox.decrypt(bot.tokenEncrypted), {
        apiRoot: runtime.config.telegramApiRoot,
        profile: 'publishing',
        throttle: false,
        maxRetryAttempts: 0,
        timeoutSeconds: o.telegramTimeoutSeconds,
      });
      if (apis.size > 50) apis.clear();
      apis.set(key, api);
    }
    return api;
  };
  const pacerFor = (botId: number): BroadcastPacer => {
    let pacer = pacers.get(botId);
    if (!pacer) {
      pacer = createBroadcastPacer({ perSecond: o.messagesPerSecond });
      pacers.set(botId, pacer);
    }
    return pacer;
  };

  return async ({ job, signal }) => {
    const broadcastId = (job.payload as { broadcastId?: unknown } | null)?.broadcastId;
    if (typeof broadcastId !== 'number' || !Number.isInteger(broadcastId)) {
      throw new JobFailure(`invalid broadcast payload ${JSON.stringify(job.payload)}`, { retryable: false });
    }
    const log = runtime.logger.child({ broadcastId, jobId: job.id });
    const broadcast = await db.broadcast.findUnique({ where: { id: broadcastId } });
    if (broadcast?.status !== 'running') return;
    const lease = broadcastLeaseName(broadcastId);
    const holder = `job:${job.id}`;
    // Another job is sending this broadcast: it continues (and hands over) itself.
    if (!(await acquireLease(db, lease, holder, o.leaseMs))) return;
    let resumeAt: Date | null = null;
    try {
      resumeAt = await sendSlice(broadcast, holder, signal, log);
    } finally {
      await releaseLease(db, lease, holder).catch(() => undefined);
    }
    await handOver(job, broadcastId, resumeAt);
  };

  /** Sends until the slice's time is up, the broadcast stops running, or nothing is left. */
  async function sendSlice(broadcast: Broadcast, holder: string, signal: AbortSignal, log: Runtime['logger']): Promise<Date | null> {
    const id = broadcast.id;
    const lease = broadcastLeaseName(id);
    const cut = await db.broadcastRecipient.updateMany({ where: { broadcastId: id, status: 'sending' }, data: { status: 'uncertain', error: INTERRUPTED_RECIPIENT } });
    if (cut.count > 0) log.warn({ msg: 'broadcast recipients cut off mid-send marked uncertain', count: cut.count });

    const bot = await db.telegramBot.findUnique({ where: { id: broadcast.botId } });
    if (!bot?.enabled) {
      await autoPause(id, 'the bot is disabled or was removed');
      return null;
    }
    const api = apiFor(bot);
    const pacer = pacerFor(bot.id);
    let message: BroadcastMessage;
    try {
      message = await messageOf(broadcast);
    } catch (error) {
      await autoPause(id, `the photo cannot be read (${error instanceof Error ? error.message : String(error)})`);
      return null;
    }

    const endsAt = Date.now() + o.sliceMs;
    let renewedAt = Date.now();
    while (!signal.aborted && Date.now() < endsAt) {
      const current = await db.broadcast.findUnique({ where: { id }, select: { status: true, photoFileId: true } });
      if (current?.status !== 'running') break;
      if (current.photoFileId && message.photo) message = { ...message, photo: { fileId: current.photoFileId } };
      const batch = await db.broadcastRecipient.findMany({ where: { broadcastId: id, status: 'pending' }, orderBy: { id: 'asc' }, take: o.batchSize });
      if (batch.length === 0) {
        await finishIfDone(id);
        break;
      }
      for (const recipient of batch) {
        if (signal.aborted) break;
        if (Date.now() - renewedAt > 5_000) {
          if (!(await renewLease(db, lease, holder, o.leaseMs))) {
            log.warn({ msg: 'broadcast lease lost; stopping this slice' });
            return null;
          }
          renewedAt = Date.now();
        }
        const result = await sendTo(recipient, api, pacer, message, signal);
        if (result.kind === 'sent' && result.photoFileId && message.photo && !('fileId' in message.photo)) {
          // Uploaded once: everyone else gets the same file by its id.
          message = { ...message, photo: { fileId: result.photoFileId } };
          await db.broadcast.updateMany({ where: { id, photoFileId: null }, data: { photoFileId: result.photoFileId } });
        }
        if (result.kind === 'stop') {
          await autoPause(id, result.error);
          await saveCounters(db, id);
          return null;
        }
        if (result.kind === 'wait') {
          await saveCounters(db, id);
          return result.until;
        }
      }
      await saveCounters(db, id);
    }
    return null;
  }

  type SendResult = SendOutcome | { readonly kind: 'skipped' } | { readonly kind: 'wait'; readonly until: Date };

  /** One recipient: claim (pending → sending, committed), send, record. Retries what provably did not arrive. */
  async function sendTo(recipient: BroadcastRecipient, api: Api, pacer: BroadcastPacer, message: BroadcastMessage, signal: AbortSignal): Promise<SendResult> {
    for (;;) {
      await pacer.take(signal);
      if (signal.aborted) return { kind: 'skipped' };
      const claimed = await db.broadcastRecipient.updateMany({ where: { id: recipient.id, status: 'pending' }, data: { status: 'sending', attemptedAt: new Date() } });
      if (claimed.count === 0) return { kind: 'skipped' }; // cancelled meanwhile
      const outcome = await sendBroadcastMessage(api, recipient.chatId, message);
      const now = new Date();
      switch (outcome.kind) {
        case 'sent':
          await db.broadcastRecipient.update({ where: { id: recipient.id }, data: { status: 'sent', messageId: String(outcome.messageId), sentAt: now, error: null } });
          return outcome;
        case 'blocked':
          await db.$transaction(async (tx) => {
            await tx.broadcastRecipient.update({ where: { id: recipient.id }, data: { status: 'blocked', error: outcome.error } });
            await tx.telegramUser.updateMany({ where: { id: recipient.telegramUserId, blockedBotAt: null }, data: { blockedBotAt: now } });
          });
          return outcome;
        case 'failed':
        case 'uncertain':
          await db.broadcastRecipient.update({ where: { id: recipient.id }, data: { status: outcome.kind, error: outcome.error.slice(0, 500) } });
          return outcome;
        case 'stop':
          await db.broadcastRecipient.update({ where: { id: recipient.id }, data: { status: 'pending', error: outcome.error.slice(0, 500) } });
          return outcome;
        case 'retry':
          // Telegram proved it was not delivered: back to pending, and everyone waits.
          await db.broadcastRecipient.update({ where: { id: recipient.id }, data: { status: 'pending', error: outcome.error.slice(0, 500) } });
          pacer.holdFor(outcome.delayMs);
          if (outcome.delayMs > o.maxInlineWaitMs) return { kind: 'wait', until: new Date(now.getTime() + outcome.delayMs) };
          continue;
      }
    }
  }

  async function messageOf(broadcast: Broadcast): Promise<BroadcastMessage> {
    if (!broadcast.photoPath) return { text: broadcast.text, photo: null };
    if (broadcast.photoFileId) return { text: broadcast.text, photo: { fileId: broadcast.photoFileId } };
    const file = resolveMediaFile(mediaRootOf(runtime.config.dataDir), broadcast.photoPath);
    if (!file) throw new Error(`unsafe photo path ${broadcast.photoPath}`);
    return { text: broadcast.text, photo: { data: await fs.readFile(file), filename: path.basename(file) } };
  }

  async function finishIfDone(id: number): Promise<void> {
    const open = await db.broadcastRecipient.count({ where: { broadcastId: id, status: { in: ['pending', 'sending'] } } });
    if (open > 0) return;
    await saveCounters(db, id);
    await db.broadcast.updateMany({ where: { id, status: 'running' }, data: { status: 'completed', finishedAt: new Date() } });
  }

  async function autoPause(id: number, reason: string): Promise<void> {
    await db.$transaction(async (tx) => {
      const { count } = await tx.broadcast.updateMany({ where: { id, status: 'running' }, data: { status: 'paused' } });
      if (count === 1) await recordAudit(tx, SYSTEM_ACTOR, 'broadcast.auto_pause', { targetType: 'broadcast', targetId: String(id), details: { reason } });
    });
    runtime.logger.warn({ msg: 'broadcast paused', broadcastId: id, reason });
  }

  /** After releasing the lease, look again: still running with work left → the next slice's job. */
  async function handOver(job: ClaimedJob, id: number, resumeAt: Date | null): Promise<void> {
    const broadcast = await db.broadcast.findUnique({ where: { id }, select: { status: true } });
    if (broadcast?.status !== 'running') return;
    await db.$transaction((tx) => enqueueSender(runtime.jobs, tx, id, `after:${job.id}:${job.attempts}`, resumeAt ?? undefined));
  }
}
