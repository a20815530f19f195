import type { Api } from 'grammy';
import type { BotCommand } from 'grammy/types';
import { DEFAULT_LANGUAGE, type Language } from '../../shared/domain/notifications/languages.ts';
import { translate } from '../i18n/bot-i18n.ts';

const COMMANDS = ['start', 'new', 'myads', 'lang', 'cancel', 'help'] as const;

export function botCommands(language: Language): BotCommand[] {
  return COMMANDS.map((command) => ({ command, description: translate(language, `cmd-${command}`) }));
}

/**
 * The command menu in both languages (setMyCommands per language_code) and, for clients in any
 * other language, in the default language (Persian). Idempotent: call it when the bot starts.
 */
export async function registerBotCommands(api: Api): Promise<void> {
  await api.setMyCommands(botCommands(DEFAULT_LANGUAGE));
  await api.setMyCommands(botCommands('fa'), { language_code: 'fa' });
  await api.setMyCommands(botCommands('en'), { language_code: 'en' });
}
