/** A bot is online when its process wrote a heartbeat within the last 90 seconds. */
export const BOT_ONLINE_WINDOW_MS = 90_000;

export function isBotOnline(heartbeatAt: Date | null, now: Date): boolean {
  return heartbeatAt !== null && now.getTime() - heartbeatAt.getTime() <= BOT_ONLINE_WINDOW_MS;
}
