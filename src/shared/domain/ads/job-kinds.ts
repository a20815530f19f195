/** Job kinds written by the domain and run by the bot process's worker. */
export const MODERATE_JOB = 'moderate';
/** Tell the submitter about a decision (rejected / needs_revision; approval is the telegram_dm delivery). */
export const NOTIFY_SUBMITTER_JOB = 'notify_submitter';
/** Tell the moderators' chat about a new ad ready for review. */
export const NOTIFY_MODERATORS_JOB = 'notify_moderators';
