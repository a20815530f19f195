import type { Fixture } from '../fixture.ts';
import { runOpenLoop, type LoadResult, type LoadTarget } from '../load.ts';
import { sleep } from '../processes.ts';

/**
 * Approval latency: `POST /api/staff/ads/:uuid/approve` with a staff bearer token, at a steady
 * `perSecond` for `durationMs`, first with healthy stand-ins (the baseline), then while every
 * Telegram Bot API call and every Instagram Graph call hangs (the faults are lifted after the
 * phase). The bot process runs the deliveries the approvals create in both phases, so the hung
 * phase has them stuck on their deadlines. The pending ads (pre-screened submissions from the
 * earlier phases) are dealt out alternately to the two phases so both get the same mix.
 */
export interface ApprovalOptions {
  readonly perSecond: number;
  readonly durationMs: number;
}

export interface ApprovalResult {
  readonly healthy: LoadResult;
  readonly hung: LoadResult;
  /** Telegram and Instagram calls left hanging during the hung phase. */
  readonly hungCalls: number;
}

/** Waits until no submission is still being pre-screened; returns the ads waiting for staff. */
export async function waitForPendingAds(fx: Fixture, needed: number, timeoutMs: number): Promise<string[]> {
  const db = fx.runtime.database.db;
  const until = Date.now() + timeoutMs;
  for (;;) {
    const screening = await db.ad.count({ where: { status: 'pending_ai' } });
    if (screening === 0 || Date.now() > until) {
      const ready = await db.ad.findMany({ where: { status: 'pending_manual' }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], select: { id: true } });
      if (ready.length < needed) throw new Error(`only ${ready.length} of ${needed} ads were pre-screened in time (${screening} still pending_ai)`);
      return ready.map((r) => r.id);
    }
    await sleep(500);
  }
}

export async function measureApprovals(fx: Fixture, target: LoadTarget, pendingAds: readonly string[], options: ApprovalOptions): Promise<ApprovalResult> {
  const perPhase = Math.floor((options.perSecond * options.durationMs) / 1000);
  if (pendingAds.length < perPhase * 2) throw new Error(`need ${perPhase * 2} pending ads, have ${pendingAds.length}`);
  const healthyAds = pendingAds.filter((_, i) => i % 2 === 0);
  const hungAds = pendingAds.filter((_, i) => i % 2 === 1);
  const approve = (ads: readonly string[]) =>
    runOpenLoop({
      target,
      ratePerSecond: options.perSecond,
      durationMs: options.durationMs,
      maxInFlight: 32,
      next: (sequence) => ({
        method: 'POST',
        path: `/api/staff/ads/${ads[sequence] ?? 'missing'}/approve`,
        headers: { authorization: `Bearer ${fx.staffToken}` },
        body: '{}',
      }),
    });

  const healthy = await approve(healthyAds);
  // Let the healthy phase's deliveries (image rendering, posts) finish first, so the hung
  // phase starts from the same state.
  await waitForWorkerIdle(fx, 30_000);
  const { telegram, instagram } = fx.standIns;
  telegram.clearCalls();
  instagram.clearCalls();
  const faults = [telegram.inject({ fault: 'hang' }), instagram.inject({ fault: 'hang' })];
  let hung: LoadResult;
  let hungCalls = 0;
  try {
    hung = await approve(hungAds);
  } finally {
    hungCalls = telegram.calls((c) => c.fault !== undefined).length + instagram.calls((c) => c.fault !== undefined).length;
    for (const fault of faults) fault.clear();
  }
  return { healthy, hung, hungCalls };
}

/** Waits (bounded) until no job is running or due: later steps (Instagram status polls) may remain scheduled. */
async function waitForWorkerIdle(fx: Fixture, timeoutMs: number): Promise<void> {
  const db = fx.runtime.database.db;
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const busy = await db.job.count({ where: { OR: [{ status: 'running' }, { status: 'queued', runAt: { lte: new Date() } }] } });
    if (busy === 0) return;
    await sleep(250);
  }
}
