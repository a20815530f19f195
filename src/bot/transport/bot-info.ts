import type { UserFromGetMe } from 'grammy/types';
import { createTelegramApi } from '../../shared/integrations/telegram/create-telegram-api.ts';
import { toTelegramError } from '../../shared/integrations/telegram/telegram-error.ts';
import type { BotRow } from './bot-directory.ts';

/**
 * The bot's getMe (grammY needs it as `botInfo`). When Telegram cannot be asked right now, the
 * stored id and username stand in, so a Telegram hiccup does not stop updates being handled;
 * a refused token is an error.
 */
export async function fetchBotInfo(apiRoot: string, token: string, row: BotRow): Promise<UserFromGetMe> {
  try {
    return await createTelegramApi(token, { apiRoot, throttle: false }).getMe();
  } catch (error) {
    const failure = toTelegramError(error);
    const id = Number(row.telegramId ?? token.split(':')[0]);
    if (failure.kind === 'unauthorized' || !Number.isSafeInteger(id)) throw failure;
    return {
      id,
      is_bot: true,
      first_name: row.name,
      username: row.username ?? '',
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
      has_topics_enabled: false,
      allows_users_to_create_topics: false,
      can_manage_bots: false,
      supports_join_request_queries: false,
    };
  }
}
