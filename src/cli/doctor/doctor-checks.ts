import type { DoctorCheck } from './doctor-check.ts';
import { databaseCheck, journalModeCheck, migrationsCheck } from './database-checks.ts';
import { publicBaseUrlCheck } from './public-url-check.ts';
import { botsCheck, inboxCheck } from './bot-checks.ts';
import { instagramCheck, openAiCheck } from './integration-checks.ts';

/** Every check `doctor` runs, in order. */
export const DOCTOR_CHECKS: readonly DoctorCheck[] = [databaseCheck, journalModeCheck, migrationsCheck, publicBaseUrlCheck, botsCheck, inboxCheck, openAiCheck, instagramCheck];
