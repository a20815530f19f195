import type { SettingsService } from '../../shared/domain/settings/settings-service.ts';

/**
 * The settings page's "check connection" button for Instagram. The check itself is injected:
 * the web process makes no slow outbound calls of its own, so until the delivery side wires a
 * checker (for example one that asks the bot process, or a fast Graph API `GET /me` with a short
 * deadline), the default answers that the doctor command will check it.
 */
export interface InstagramCheckResult {
  readonly status: 'ok' | 'failed' | 'unavailable' | 'not_configured';
  readonly message: string;
}

export type InstagramChecker = (input: { userId: string; accessToken: string }) => Promise<InstagramCheckResult>;

export const deferInstagramCheckToDoctor: InstagramChecker = () =>
  Promise.resolve({ status: 'unavailable', message: 'will be checked by doctor' });

export async function checkInstagramConnection(settings: SettingsService, checker: InstagramChecker): Promise<InstagramCheckResult> {
  const [userId, accessToken] = await Promise.all([settings.get('instagram.userId'), settings.get('instagram.accessToken')]);
  if (!userId || !accessToken) return { status: 'not_configured', message: 'Instagram user id or access token is not set' };
  return checker({ userId, accessToken });
}
