import type { Runtime } from '../../shared/runtime/create-runtime.ts';
import type { JobHandler } from '../../shared/worker/job-handler.ts';

/** Every job kind the bot process's worker runs, wired from the runtime. */
export function createJobHandlers(_runtime: Runtime): Record<string, JobHandler> {
  return {};
}
