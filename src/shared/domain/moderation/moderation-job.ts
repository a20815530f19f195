import type { Runtime } from '../../runtime/create-runtime.ts';
import type { JobHandler } from '../../worker/job-handler.ts';
import { AppError } from '../../errors.ts';
import { SYSTEM_ACTOR } from '../audit/record-audit.ts';
import { decideAd } from '../ads/decide-ad.ts';
import { moveToManualReview, recordScreening } from './record-screening.ts';
import { screenAd, unavailableOutcome, type ScreeningOutcome } from './screen-ad.ts';

/**
 * The `moderate` job: pre-screen one ad under MODERATION_TIMEOUT_MS, store the one outcome, move
 * the ad on. Never throws for anything OpenAI does (that becomes `unavailable`), so the job is not
 * retried forever; a crash mid-call re-runs it, and an already stored outcome is reused.
 */
export function createModerationJobHandler(runtime: Runtime, now: () => number = Date.now): JobHandler {
  const { db } = runtime.database;
  return async ({ job }) => {
    const { adId } = job.payload as { adId?: string };
    if (!adId) return;
    const ad = await db.ad.findUnique({ where: { id: adId }, include: { category: { select: { slug: true } } } });
    // A shadowed ad (its submitter was shadow-banned after it was queued) is never screened.
    if (!ad || ad.status !== 'pending_ai' || ad.shadowed) return;

    const settings = await runtime.settings.getAll();
    const autoReject = settings['moderation.autoRejectFlagged'];
    const stored = await db.moderationResult.findUnique({ where: { adId } });
    const result =
      stored ??
      (await recordScreening({ db, jobs: runtime.jobs }, adId, await screen(), {
        holdForAutoReject: autoReject,
      }));

    if (autoReject && result.flagged) {
      try {
        await decideAd(
          { db, jobs: runtime.jobs, settings: runtime.settings },
          adId,
          { action: 'reject', reason: result.reason ?? 'flagged by automatic moderation' },
          SYSTEM_ACTOR,
        );
        runtime.logger.info({ msg: 'ad rejected automatically', adId });
        return;
      } catch (error) {
        if (!(error instanceof AppError && error.code === 'invalid_transition')) throw error;
        return;
      }
    }
    await db.$transaction((tx) => moveToManualReview(tx, runtime.jobs, adId));

    async function screen(): Promise<ScreeningOutcome> {
      if (!settings['moderation.enabled']) return unavailableOutcome('moderation is disabled in settings');
      const apiKey = runtime.config.openaiApiKey ?? settings['openai.apiKey'];
      if (!apiKey) return unavailableOutcome('no OpenAI API key is configured');
      const categories = await db.category.findMany({ where: { active: true }, select: { slug: true } });
      const outcome = await screenAd(
        {
          content: ad!.content,
          category: ad!.category?.slug ?? null,
          categorySlugs: categories.map((c) => c.slug),
          apiKey,
          baseURL: runtime.config.openaiBaseUrl,
          model: settings['moderation.model'],
          policy: settings['moderation.policy'],
          staffLanguage: settings['moderation.staffLanguage'] === 'en' ? 'en' : 'fa',
          timeoutMs: runtime.config.moderationTimeoutMs,
        },
        now,
      );
      runtime.logger.info({ msg: 'ad screened', adId, verdict: outcome.verdict, latencyMs: outcome.latencyMs, reason: outcome.verdict === 'unavailable' ? outcome.reason : undefined });
      return outcome;
    }
  };
}
