import type { Runtime } from '../../shared/runtime/create-runtime.ts';
import type { JobHandler } from '../../shared/worker/job-handler.ts';
import { MODERATE_JOB, NOTIFY_MODERATORS_JOB, NOTIFY_SUBMITTER_JOB } from '../../shared/domain/ads/job-kinds.ts';
import { createModerationJobHandler } from '../../shared/domain/moderation/moderation-job.ts';
import { UPDATE_MODERATORS_MESSAGE_JOB } from '../../shared/domain/notifications/moderators-post.ts';
import { notifyModeratorsHandler } from './notify-moderators.ts';
import { notifySubmitterHandler } from './notify-submitter.ts';
import { updateModeratorsMessageHandler } from './update-moderators-job.ts';
import { DELIVER_JOB } from '../../shared/domain/ads/delivery-channels.ts';
import { createDeliveryJobHandler } from '../../shared/domain/delivery/delivery-job.ts';
import { createWithdrawJobHandler } from '../../shared/domain/delivery/withdraw-job.ts';
import { WITHDRAW_JOB } from '../../shared/domain/delivery/withdraw-job-kind.ts';
import { ALBUM_PREVIEW_JOB, albumPreviewHandler } from './album-preview-job.ts';
import { BROADCAST_JOB } from '../../shared/domain/broadcast/broadcast-status.ts';
import { createBroadcastJobHandler } from '../../shared/domain/broadcast/broadcast-job.ts';
import { EXPIRY_NOTICE_JOB, EXPIRY_SWEEP_JOB } from '../../shared/domain/expiry/expiry-job-kinds.ts';
import { createExpiryNoticeJobHandler } from '../../shared/domain/expiry/expiry-notice-job.ts';
import { createExpirySweepJobHandler } from '../../shared/domain/expiry/expiry-schedule.ts';
import { HOUSEKEEPING_JOB, createHousekeepingJobHandler } from '../../shared/domain/housekeeping/housekeeping-job.ts';

/** Every job kind the bot process's worker runs, wired from the runtime. */
export function createJobHandlers(runtime: Runtime): Record<string, JobHandler> {
  return {
    [MODERATE_JOB]: createModerationJobHandler(runtime),
    [NOTIFY_SUBMITTER_JOB]: notifySubmitterHandler(runtime),
    [NOTIFY_MODERATORS_JOB]: notifyModeratorsHandler(runtime),
    [UPDATE_MODERATORS_MESSAGE_JOB]: updateModeratorsMessageHandler(runtime),
    [DELIVER_JOB]: createDeliveryJobHandler(runtime),
    [WITHDRAW_JOB]: createWithdrawJobHandler(runtime),
    [ALBUM_PREVIEW_JOB]: albumPreviewHandler(runtime),
    [BROADCAST_JOB]: createBroadcastJobHandler(runtime),
    [EXPIRY_SWEEP_JOB]: createExpirySweepJobHandler({ db: runtime.database.db, jobs: runtime.jobs, logger: runtime.logger }),
    [EXPIRY_NOTICE_JOB]: createExpiryNoticeJobHandler(runtime),
    [HOUSEKEEPING_JOB]: createHousekeepingJobHandler({ db: runtime.database.db, jobs: runtime.jobs, logger: runtime.logger }),
  };
}
