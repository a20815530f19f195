import type { AppConfig } from '../../config/app-config.ts';
import type { SettingsService } from '../settings/settings-service.ts';

/** The update types a bot of this project needs (setWebhook and getUpdates both send them). */
export const ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query', 'my_chat_member'] as const;

/** `site.publicBaseUrl` when set in the settings, else PUBLIC_BASE_URL; no trailing slash. */
export async function publicBaseUrl(deps: { config: Pick<AppConfig, 'publicBaseUrl'>; settings: SettingsService }): Promise<string> {
  const fromSettings = await deps.settings.get('site.publicBaseUrl');
  return (fromSettings || deps.config.publicBaseUrl).replace(/\/+$/, '');
}

/** Where Telegram delivers a bot's updates (CONTRACT.md §1, §3). */
export async function webhookUrlFor(deps: { config: Pick<AppConfig, 'publicBaseUrl'>; settings: SettingsService }, botId: number): Promise<string> {
  return `${await publicBaseUrl(deps)}/telegram/webhook/${botId}`;
}
