/** The job that removes one channel's publication of a withdrawn ad (payload {adId, channel}). */
export const WITHDRAW_JOB = 'withdraw';
