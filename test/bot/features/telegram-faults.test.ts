import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { testProviders } from '../../helpers/databases.ts';
import { startBotHarness, type BotHarness } from './bot-harness.ts';
import { chooseLanguage, expectReply, seen } from './flow-helpers.ts';
import { waitUntil } from '../../stand-ins/shared/timing.ts';

// One provider is enough: this is about the Bot API client, not the database.
const provider = testProviders()[0] ?? 'sqlite';

describe('bot replies through Telegram failures', () => {
  let harness: BotHarness;
  before(async () => {
    harness = await startBotHarness(provider);
  });
  after(async () => {
    assert.deepEqual(harness.errors, []);
    await harness.close();
  });

  it('a 429 with retry_after 1 on sendMessage: the reply still arrives, after the wait', async () => {
    const user = harness.user({ firstName: 'Patient' });
    await chooseLanguage(user, 'en');
    harness.tg.inject({ method: 'sendMessage', bot: harness.standIn, fault: { kind: 'status', status: 429, retryAfter: 1 }, times: 1 });
    const startedAt = Date.now();
    user.send('/help');
    await expectReply(user, 'How it works');
    assert.ok(Date.now() - startedAt >= 900, 'retry_after was honoured');
    const statuses = () => harness.tg.calls({ method: 'sendMessage', bot: harness.standIn.id }).slice(-2).map((c) => c.response?.status);
    await waitUntil(() => statuses()[1] !== undefined, 2_000);
    assert.deepEqual(statuses(), [429, 200]);
  });

  it('a 5xx on sendMessage: auto-retry sends the reply', async () => {
    const user = harness.user({ firstName: 'Unlucky' });
    await chooseLanguage(user, 'en');
    harness.tg.inject({ method: 'sendMessage', bot: harness.standIn, fault: { kind: 'status', status: 502 }, times: 1 });
    user.send('/help');
    await expectReply(user, 'How it works');
    const statuses = () => harness.tg.calls({ method: 'sendMessage', bot: harness.standIn.id }).slice(-2).map((c) => c.response?.status);
    await waitUntil(() => statuses()[1] !== undefined, 2_000);
    assert.deepEqual(statuses(), [502, 200]);
  });

  it('a handler error ends in a short apology in the user’s language, never a stack trace', async () => {
    const user = harness.user({ firstName: 'کاربر' });
    await chooseLanguage(user, 'fa');
    harness.tg.inject({ method: 'sendMessage', bot: harness.standIn, fault: { kind: 'status', status: 400, message: 'Bad Request: something odd' }, times: 1 });
    user.send('/help');
    const apology = await user.waitForMessage();
    assert.equal(apology.text, seen('fa', 'error-apology'));
    user.send('/help');
    await expectReply(user, seen('fa', 'help', { max: 500 }).split('\n')[0] ?? '');
  });
});
