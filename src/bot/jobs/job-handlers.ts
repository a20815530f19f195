import type { Runtime } from '../../shared/runtime/create-runtime.ts';
import type { JobHandler } from '../../shared/worker/job-handler.ts';
import { MODERATE_JOB } from '../../shared/domain/ads/job-kinds.ts';
import { createModerationJobHandler } from '../../shared/domain/moderation/moderation-job.ts';

/** Every job kind the bot process's worker runs, wired from the runtime. */
export function createJobHandlers(runtime: Runtime): Record<string, JobHandler> {
  return {
    [MODERATE_JOB]: createModerationJobHandler(runtime),
  };
}
