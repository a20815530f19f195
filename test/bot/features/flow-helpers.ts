import assert from 'node:assert/strict';
import { translate } from '../../../src/bot/i18n/bot-i18n.ts';
import { escapeVariables } from '../../../src/shared/domain/notifications/notification-texts.ts';
import type { Language } from '../../../src/shared/domain/notifications/languages.ts';
import type { SimulatedUser } from '../../stand-ins/telegram/user-simulator.ts';
import type { TgMessage } from '../../stand-ins/telegram/types.ts';
import { inlineButtons } from '../../stand-ins/telegram/reply-markup.ts';

/** A text exactly as the user sees it: the HTML message (variables escaped) as Telegram renders it. */
export function seen(language: Language, key: string, variables?: Record<string, string | number>): string {
  return translate(language, key, escapeVariables(variables) as Record<string, string | number> | undefined)
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** A button label (plain text). */
export function label(language: Language, key: string): string {
  return translate(language, key);
}

export function includes(fragment: string): (message: TgMessage) => boolean {
  return (message) => (message.text ?? message.caption ?? '').includes(fragment);
}

export function startsWith(fragment: string): (message: TgMessage) => boolean {
  return (message) => (message.text ?? '').startsWith(fragment);
}

/** Waits for the next bot message and checks it contains `fragment` (fails with what arrived instead). */
export async function expectReply(user: SimulatedUser, fragment: string, timeoutMs = 8_000): Promise<TgMessage> {
  const message = await user.waitForMessage(() => true, timeoutMs);
  assert.ok((message.text ?? '').includes(fragment), `expected a message containing ${JSON.stringify(fragment)}, got ${JSON.stringify(message.text)}`);
  return message;
}

export function buttonData(message: TgMessage, text: string): string {
  const button = inlineButtons(message.reply_markup).find((b) => b.text === text);
  assert.ok(button && typeof button.callback_data === 'string', `no button ${text} in ${JSON.stringify(message.reply_markup)}`);
  return button.callback_data;
}

/** /start → language choice → the menu in that language. */
export async function chooseLanguage(user: SimulatedUser, language: Language): Promise<TgMessage> {
  user.send('/start');
  const prompt = await expectReply(user, seen('fa', 'language-prompt').split('\n')[0] ?? '');
  assert.ok(prompt.text?.includes('Please choose your language'), 'the first prompt is bilingual');
  user.press(label(language, language === 'fa' ? 'btn-lang-fa' : 'btn-lang-en'));
  return expectReply(user, seen(language, 'menu'));
}

/** From the menu: New ad → share own contact → category chosen → the text prompt. */
export async function reachTextStep(user: SimulatedUser, language: Language, category: string): Promise<TgMessage> {
  user.press(label(language, 'btn-new-ad'));
  await expectReply(user, seen(language, 'contact-prompt').split('\n')[0] ?? '');
  user.shareContact();
  await expectReply(user, seen(language, 'contact-saved', { phone: `+${user.phone}` }));
  await expectReply(user, seen(language, 'category-prompt'));
  user.press(category);
  return expectReply(user, seen(language, 'category-chosen', { category }));
}
