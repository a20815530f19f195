import type { Api } from 'grammy';
import { ALLOWED_UPDATES } from './webhook-endpoint.ts';

/** grammY's Node typings name the `abort-controller` package's signal; Node's own works the same. */
type ApiSignal = NonNullable<Parameters<Api['getMe']>[0]>;
const apiSignal = (signal: AbortSignal | undefined): ApiSignal | undefined => signal as unknown as ApiSignal | undefined;

/** setWebhook as this project always calls it: our URL, our secret, the update types we handle. */
export async function setBotWebhook(api: Api, url: string, secret: string, signal?: AbortSignal): Promise<void> {
  await api.setWebhook(url, { secret_token: secret, allowed_updates: [...ALLOWED_UPDATES], drop_pending_updates: false }, apiSignal(signal));
}

/** deleteWebhook keeping pending updates (polling picks them up). */
export async function deleteBotWebhook(api: Api, signal?: AbortSignal): Promise<void> {
  await api.deleteWebhook({ drop_pending_updates: false }, apiSignal(signal));
}
