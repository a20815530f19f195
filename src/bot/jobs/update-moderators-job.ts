import type { Runtime } from '../../shared/runtime/create-runtime.ts';
import type { JobHandler } from '../../shared/worker/job-handler.ts';
import { updateModeratorsMessage } from '../../shared/domain/notifications/update-moderators-message.ts';
import { payloadAdId, telegramJobFailure } from './telegram-job-failure.ts';

/** `update_moderators_message` (payload `{adId}`): re-renders the ad's moderators' chat message. */
export function updateModeratorsMessageHandler(runtime: Runtime): JobHandler {
  return async ({ job }) => {
    const adId = payloadAdId(job.payload);
    try {
      await updateModeratorsMessage(runtime, adId);
    } catch (error) {
      throw telegramJobFailure(error, 'update_moderators_message');
    }
  };
}
