import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { testProviders } from '../../helpers/databases.ts';
import { registerBotCommands } from '../../../src/bot/create-bot.ts';
import { startBotHarness, type BotHarness } from './bot-harness.ts';
import { chooseLanguage, expectReply, label, reachTextStep, seen } from './flow-helpers.ts';

// Providers run side by side (each has its own database, stand-in and bot).
describe('every test database', { concurrency: true }, () => {
  for (const provider of testProviders()) {
    describe(`bot commands, languages and the catch-all on ${provider}`, { concurrency: true }, () => {
      let harness: BotHarness;
      before(async () => {
        harness = await startBotHarness(provider);
      });
      after(async () => {
        assert.deepEqual(harness.errors, []);
        await harness.close();
      });

      it('registerBotCommands sets the six commands in Persian (default and fa) and English (en)', async () => {
        await registerBotCommands(harness.bot.api);
        const names = ['start', 'new', 'myads', 'lang', 'cancel', 'help'];
        const fa = harness.tg.commands(harness.standIn, { languageCode: 'fa' });
        const en = harness.tg.commands(harness.standIn, { languageCode: 'en' });
        assert.deepEqual(fa.map((c) => c.command), names);
        assert.deepEqual(en.map((c) => c.command), names);
        assert.deepEqual(harness.tg.commands(harness.standIn), fa);
        assert.equal(en.find((c) => c.command === 'new')?.description, label('en', 'cmd-new'));
        assert.equal(fa.find((c) => c.command === 'new')?.description, label('fa', 'cmd-new'));
      });

      it('before a language is chosen, anything gets the bilingual language choice', async () => {
        const user = harness.user({ firstName: 'New' });
        user.send('hello');
        await expectReply(user, 'Please choose your language');
        user.send('/new');
        await expectReply(user, 'Please choose your language');
        user.press(label('en', 'btn-lang-en'));
        const menu = await expectReply(user, seen('en', 'language-set'));
        assert.ok(menu.text?.includes(seen('en', 'menu')));
      });

      it('/lang switches the language, on the menu and in the middle of a draft (the draft is kept)', async () => {
        const user = harness.user({ firstName: 'Switch' });
        await chooseLanguage(user, 'en');
        user.send('/lang');
        await expectReply(user, 'Please choose your language');
        user.press(label('fa', 'btn-lang-fa'));
        const fa = await expectReply(user, seen('fa', 'language-set'));
        assert.ok(fa.text?.includes(seen('fa', 'menu')));
        const row = await harness.runtime.database.db.telegramUser.findUniqueOrThrow({ where: { botId_telegramId: { botId: harness.botRow.id, telegramId: String(user.id) } } });
        assert.equal(row.language, 'fa');

        await reachTextStep(user, 'fa', 'رویدادها');
        user.send('/lang');
        await expectReply(user, 'Please choose your language');
        user.press(label('en', 'btn-lang-en'));
        const prompt = await expectReply(user, seen('en', 'language-set'));
        assert.ok(prompt.text?.includes(seen('en', 'text-prompt', { max: 500 }).split('\n')[0] ?? ''), 'the current step, in English');
        user.send('Concert in the park on Friday evening.');
        await expectReply(user, seen('en', 'photo-prompt'));
      });

      it('unknown text at the menu shows the menu again; an unknown command points to /help; /help explains the limit', async () => {
        const user = harness.user({ firstName: 'Wanderer' });
        await chooseLanguage(user, 'fa');
        user.send('سلام، چطور آگهی بدهم؟');
        const menu = await expectReply(user, seen('fa', 'menu'));
        assert.equal(menu.text, seen('fa', 'menu'));
        await user.sendSticker();
        await expectReply(user, seen('fa', 'menu'));
        user.send('/frobnicate');
        await expectReply(user, seen('fa', 'unknown-command'));
        user.send('/help');
        await expectReply(user, seen('fa', 'help', { max: 500 }).split('\n')[0] ?? '');
        user.press(label('fa', 'btn-menu'));
        await expectReply(user, seen('fa', 'menu'));
        user.press(label('fa', 'btn-new-ad'));
        await expectReply(user, seen('fa', 'contact-prompt').split('\n')[0] ?? '');
        user.send('/new'); // a draft in progress is resumed, not dropped
        await expectReply(user, seen('fa', 'flow-resume'));
      });

      it('blocking and unblocking the bot is recorded on the user', async () => {
        const user = harness.user({ firstName: 'Blocker' });
        await chooseLanguage(user, 'en');
        const db = harness.runtime.database.db;
        const where = { botId_telegramId: { botId: harness.botRow.id, telegramId: String(user.id) } };
        user.blockBot();
        await waitFor(async () => (await db.telegramUser.findUniqueOrThrow({ where })).blockedBotAt !== null);
        user.unblockBot();
        await waitFor(async () => (await db.telegramUser.findUniqueOrThrow({ where })).blockedBotAt === null);
      });
    });
  }
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
