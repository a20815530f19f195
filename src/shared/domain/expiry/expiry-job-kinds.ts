/** Job kinds of ad expiry, run by the bot process's worker. */

/** One sweep of approved ads: expiry notices due and ads past their expiry (payload `{}`). */
export const EXPIRY_SWEEP_JOB = 'expiry_sweep';

/** The "your ad expires tomorrow" DM with a Renew button (payload `{ adId, expiresAt }`). */
export const EXPIRY_NOTICE_JOB = 'expiry_notice';
