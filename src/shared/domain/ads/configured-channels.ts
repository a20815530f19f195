import type { SettingsValues } from '../settings/setting-definitions.ts';
import { DELIVERY_CHANNELS, type DeliveryChannel } from './delivery-channels.ts';

export interface ChannelPlan {
  readonly channel: DeliveryChannel;
  /** Null when the channel will publish; otherwise why it is skipped. */
  readonly skipReason: string | null;
}

/** Which channels an approved ad goes to, from the settings and the ad itself. */
export function planChannels(
  settings: SettingsValues,
  ad: { telegramUserId: number | null; botId: number | null },
  hasAnyBot: boolean,
): ChannelPlan[] {
  const reasons: Record<DeliveryChannel, string | null> = {
    telegram_dm: ad.telegramUserId !== null && ad.botId !== null ? null : 'not submitted through Telegram',
    telegram_channel: !settings['telegram.channelId'] ? 'telegram.channelId is not set' : hasAnyBot ? null : 'no Telegram bot is configured',
    instagram_feed: instagramSkip(settings),
    instagram_story: instagramSkip(settings),
    webhook: settings['webhook.url'] ? null : 'webhook.url is not set',
  };
  return DELIVERY_CHANNELS.map((channel) => ({ channel, skipReason: reasons[channel] }));
}

function instagramSkip(settings: SettingsValues): string | null {
  if (!settings['instagram.enabled']) return 'instagram.enabled is false';
  if (!settings['instagram.userId'] || !settings['instagram.accessToken']) return 'Instagram user id or token is not set';
  return null;
}
