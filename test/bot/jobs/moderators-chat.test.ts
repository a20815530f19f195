import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { testProviders } from '../../helpers/databases.ts';
import { submitAd } from '../../../src/shared/domain/ads/submit-ad.ts';
import { decideAd } from '../../../src/shared/domain/ads/decide-ad.ts';
import { NOTIFY_MODERATORS_JOB, NOTIFY_SUBMITTER_JOB } from '../../../src/shared/domain/ads/job-kinds.ts';
import { plainText } from '../../../src/shared/domain/notifications/notification-texts.ts';
import { MODERATORS_POSTED_EVENT, UPDATE_MODERATORS_MESSAGE_JOB } from '../../../src/shared/domain/notifications/moderators-post.ts';
import { withdrawOwnAd } from '../../../src/shared/domain/telegram-users/own-ads.ts';
import type { ChatHandle } from '../../stand-ins/telegram/chat-handle.ts';
import { inlineButtons } from '../../stand-ins/telegram/reply-markup.ts';
import type { SimulatedUser } from '../../stand-ins/telegram/user-simulator.ts';
import type { TgMessage } from '../../stand-ins/telegram/types.ts';
import { startBotHarness, type BotHarness } from '../features/bot-harness.ts';
import type { DatabaseProvider } from '../../../src/shared/db/create-db.ts';
import { runNextJob } from './run-job.ts';

const fa = (key: string, variables?: Record<string, string>) => plainText('fa', key, variables).replace(/<[^>]+>/g, '');

interface ModeratorsWorld {
  readonly harness: BotHarness;
  readonly group: ChatHandle;
  readonly moderator: SimulatedUser;
  readonly outsider: SimulatedUser;
  readonly staffId: number;
  readonly submitterId: number;
  postedAd(content: string): Promise<{ id: string; code: string; post: TgMessage }>;
  pressed(user: SimulatedUser, button: string, message: TgMessage): Promise<{ answer: Record<string, unknown> | undefined; message: TgMessage | undefined }>;
}

/**
 * A bot with a moderators' group (one per test: a group's send budget is 20 messages a minute,
 * so tests sharing one group would wait on each other), a linked staff member, an outsider whose
 * staff account is inactive, and a submitter.
 */
async function moderatorsWorld(provider: DatabaseProvider): Promise<ModeratorsWorld> {
  const harness = await startBotHarness(provider);
  const db = harness.runtime.database.db;
  const group = harness.tg.createGroup({ title: 'Moderators', admins: [harness.standIn] });
  await db.telegramBot.update({ where: { id: harness.botRow.id }, data: { moderatorChatId: String(group.id) } });
  const moderator = harness.user({ firstName: 'Leila' });
  const outsider = harness.user({ firstName: 'Nosy' });
  group.addMember(moderator);
  group.addMember(outsider);
  const staffId = (await db.staffUser.create({ data: { email: 'leila@example.test', passwordHash: 'x', name: 'Leila', telegramUserId: String(moderator.id) } })).id;
  await db.staffUser.create({ data: { email: 'former@example.test', passwordHash: 'x', active: false, telegramUserId: String(outsider.id) } });
  const submitterId = (await db.telegramUser.create({ data: { botId: harness.botRow.id, telegramId: '424242', chatId: '424242', language: 'en', phone: '+4915112345678', phoneVerifiedAt: new Date() } })).id;
  return {
    harness,
    group,
    moderator,
    outsider,
    staffId,
    submitterId,
    async postedAd(content) {
      const { jobs } = harness.runtime;
      const { ad } = await submitAd({ db, jobs }, { source: 'bot', content, language: 'en', botId: harness.botRow.id, telegramUserId: submitterId, contactPhone: '+4915112345678' });
      await db.ad.update({ where: { id: ad.id }, data: { status: 'pending_manual', aiVerdict: 'unsure', aiReason: 'The price is missing' } });
      await db.$transaction((tx) => jobs.enqueue(tx, { kind: NOTIFY_MODERATORS_JOB, payload: { adId: ad.id } }));
      assert.deepEqual(await runNextJob(harness.runtime, NOTIFY_MODERATORS_JOB), { outcome: 'completed' });
      const post = await group.waitForPost((m) => m.text?.includes(ad.code) ?? false);
      return { id: ad.id, code: ad.code, post };
    },
    async pressed(user, button, message) {
      const press = user.press(button, { chat: group, message });
      await harness.waitHandled(press.updateId);
      return { answer: user.callbackAnswer(press.id), message: group.messages().find((m) => m.message_id === message.message_id) };
    },
  };
}

async function within(provider: DatabaseProvider, test: (world: ModeratorsWorld) => Promise<void>): Promise<void> {
  const world = await moderatorsWorld(provider);
  try {
    await test(world);
    assert.deepEqual(world.harness.errors, []);
  } finally {
    await world.harness.close();
  }
}

// Providers run side by side (each has its own database, stand-in and bot).
describe('every test database', { concurrency: true }, () => {
  for (const provider of testProviders()) {
    describe(`moderators' chat on ${provider}`, { concurrency: true }, () => {
      it('posts the ad with the AI verdict and Approve / Reject, once, and remembers where', () =>
        within(provider, async ({ harness, group, postedAd }) => {
          const { id, code, post } = await postedAd('Selling a sofa, like new');
          assert.ok(post.text?.includes(code) && post.text.includes('Selling a sofa, like new'));
          assert.ok(post.text?.includes(fa('mod-field-ai', { verdict: fa('mod-verdict-unsure') })));
          assert.ok(post.text?.includes('The price is missing'));
          assert.deepEqual(inlineButtons(post.reply_markup).map((b) => b.text), [fa('mod-btn-approve'), fa('mod-btn-reject'), fa('mod-btn-ban'), fa('mod-btn-shadow-ban')]);
          const db = harness.runtime.database.db;
          const event = await db.adEvent.findFirstOrThrow({ where: { adId: id, type: MODERATORS_POSTED_EVENT } });
          assert.equal(event.note, `${group.id}:${post.message_id}`);
          assert.equal(event.actorId, String(harness.botRow.id));

          await db.$transaction((tx) => harness.runtime.jobs.enqueue(tx, { kind: NOTIFY_MODERATORS_JOB, payload: { adId: id } }));
          await runNextJob(harness.runtime, NOTIFY_MODERATORS_JOB);
          assert.equal(group.posts().filter((m) => m.text?.includes(code)).length, 1, 'not posted twice');
        }));

      it('only a person linked to an active staff account can decide; Reject offers reasons and stores one in the ad’s language', () =>
        within(provider, async ({ harness, moderator, outsider, staffId, postedAd, pressed }) => {
          const db = harness.runtime.database.db;
          const { id, post } = await postedAd('Cheap watches, message me');
          const refused = await pressed(outsider, fa('mod-btn-approve'), post);
          assert.equal(refused.answer?.text, fa('mod-not-staff'));
          assert.equal((await db.ad.findUniqueOrThrow({ where: { id } })).status, 'pending_manual');

          const menu = await pressed(moderator, fa('mod-btn-reject'), post);
          const reason = `❌ ${fa('reject-reason-prohibited')}`;
          assert.ok(inlineButtons(menu.message?.reply_markup).some((b) => b.text === reason));
          const decided = await pressed(moderator, reason, menu.message ?? post);
          assert.equal(decided.answer?.text, fa('mod-decided-rejected'));
          const ad = await db.ad.findUniqueOrThrow({ where: { id } });
          assert.equal(ad.status, 'rejected');
          assert.equal(ad.rejectionReason, plainText('en', 'reject-reason-prohibited'));
          assert.equal(ad.decidedById, staffId);
          assert.equal(await db.job.count({ where: { kind: NOTIFY_SUBMITTER_JOB, dedupeKey: `${NOTIFY_SUBMITTER_JOB}:${id}:rejected` } }), 1);
          assert.deepEqual(inlineButtons(decided.message?.reply_markup), [], 'no buttons once decided');
          assert.ok(decided.message?.text?.includes(fa('mod-outcome-rejected', { by: 'Leila', reason: plainText('en', 'reject-reason-prohibited') })));

          // An old Approve button of the same ad: refused, nothing changes.
          const stale = harness.tg.pushUpdate(harness.standIn, {
            callback_query: { id: `stale${id.slice(0, 8)}`, from: moderator.user, chat_instance: '1', message: post, data: `mod:ok:${id}` },
          });
          await harness.waitHandled(stale.update_id);
          assert.equal((await db.ad.findUniqueOrThrow({ where: { id } })).status, 'rejected');
        }));

      it('Approve decides through decideAd and edits the message', () =>
        within(provider, async ({ harness, moderator, postedAd, pressed }) => {
          const { id, post } = await postedAd('Yoga class on Tuesdays');
          const approved = await pressed(moderator, fa('mod-btn-approve'), post);
          assert.equal(approved.answer?.text, fa('mod-decided-approved'));
          assert.equal((await harness.runtime.database.db.ad.findUniqueOrThrow({ where: { id } })).status, 'approved');
          assert.ok(approved.message?.text?.includes(fa('mod-outcome-approved', { by: 'Leila' })));
          assert.deepEqual(inlineButtons(approved.message?.reply_markup), []);
        }));

      it('a decision elsewhere (panel) or a withdrawal updates the message through update_moderators_message', () =>
        within(provider, async ({ harness, group, staffId, submitterId, postedAd }) => {
          const { database, jobs, settings } = harness.runtime;
          const db = database.db;
          const first = await postedAd('Dog walking service');
          await decideAd({ db, jobs, settings }, first.id, { action: 'revision', note: 'Which area?' }, { type: 'staff', id: String(staffId) });
          // decideAd itself queues the redraw of the moderators' message.
          assert.deepEqual(await runNextJob(harness.runtime, UPDATE_MODERATORS_MESSAGE_JOB), { outcome: 'completed' });
          const edited = group.messages().find((m) => m.message_id === first.post.message_id);
          assert.ok(edited?.text?.includes(fa('mod-outcome-needs_revision', { by: 'Leila', note: 'Which area?' })));
          assert.deepEqual(inlineButtons(edited?.reply_markup), []);

          const second = await postedAd('Bike repair at home');
          assert.equal((await withdrawOwnAd({ db, jobs }, submitterId, second.id)).kind, 'withdrawn');
          assert.deepEqual(await runNextJob(harness.runtime, UPDATE_MODERATORS_MESSAGE_JOB), { outcome: 'completed' });
          const withdrawn = group.messages().find((m) => m.message_id === second.post.message_id);
          assert.ok(withdrawn?.text?.includes(fa('mod-outcome-withdrawn')));
        }));
    });
  }
});
