import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { testProviders } from '../../helpers/databases.ts';
import type { DatabaseProvider } from '../../../src/shared/db/create-db.ts';
import { submitAd } from '../../../src/shared/domain/ads/submit-ad.ts';
import { NOTIFY_MODERATORS_JOB } from '../../../src/shared/domain/ads/job-kinds.ts';
import { plainText } from '../../../src/shared/domain/notifications/notification-texts.ts';
import { moderatorCallback, parseModeratorCallback } from '../../../src/shared/domain/notifications/moderators-message.ts';
import { UPDATE_MODERATORS_MESSAGE_JOB } from '../../../src/shared/domain/notifications/moderators-post.ts';
import { BAN_AUDIT_ACTIONS } from '../../../src/shared/domain/submitters/ban-submitter.ts';
import { BAN_DURATIONS } from '../../../src/shared/domain/submitters/ban-state.ts';
import { inlineButtons } from '../../stand-ins/telegram/reply-markup.ts';
import type { SimulatedUser } from '../../stand-ins/telegram/user-simulator.ts';
import type { TgMessage } from '../../stand-ins/telegram/types.ts';
import { startBotHarness } from '../features/bot-harness.ts';
import { runNextJob } from './run-job.ts';

const fa = (key: string, variables?: Record<string, string>) => plainText('fa', key, variables).replace(/<[^>]+>/g, '');
const DAY = 86_400_000;

/** A bot with a moderators' group, a linked staff member, a submitter, and their ads posted there. */
async function world(provider: DatabaseProvider) {
  const harness = await startBotHarness(provider);
  const db = harness.runtime.database.db;
  const group = harness.tg.createGroup({ title: 'Moderators', admins: [harness.standIn] });
  await db.telegramBot.update({ where: { id: harness.botRow.id }, data: { moderatorChatId: String(group.id) } });
  const moderator = harness.user({ firstName: 'Leila' });
  const outsider = harness.user({ firstName: 'Nosy' });
  group.addMember(moderator);
  group.addMember(outsider);
  const staffId = (await db.staffUser.create({ data: { email: 'leila@example.test', passwordHash: 'x', name: 'Leila', telegramUserId: String(moderator.id) } })).id;
  const submitterId = (await db.telegramUser.create({ data: { botId: harness.botRow.id, telegramId: '515151', chatId: '515151', language: 'en' } })).id;
  return {
    harness,
    db,
    group,
    moderator,
    outsider,
    staffId,
    submitterId,
    async postedAd(content: string): Promise<{ id: string; post: TgMessage }> {
      const { jobs } = harness.runtime;
      const { ad } = await submitAd({ db, jobs }, { source: 'bot', content, language: 'en', botId: harness.botRow.id, telegramUserId: submitterId });
      await db.ad.update({ where: { id: ad.id }, data: { status: 'pending_manual', aiVerdict: 'unsure' } });
      await db.$transaction((tx) => jobs.enqueue(tx, { kind: NOTIFY_MODERATORS_JOB, payload: { adId: ad.id } }));
      assert.deepEqual(await runNextJob(harness.runtime, NOTIFY_MODERATORS_JOB), { outcome: 'completed' });
      return { id: ad.id, post: await group.waitForPost((m) => m.text?.includes(ad.code) ?? false) };
    },
    async pressed(user: SimulatedUser, button: string, message: TgMessage) {
      const press = user.press(button, { chat: group, message });
      await harness.waitHandled(press.updateId);
      return { answer: user.callbackAnswer(press.id), message: group.messages().find((m) => m.message_id === message.message_id) };
    },
  };
}

describe('every test database', { concurrency: true }, () => {
  it('ban callbacks are short and round-trip; anything else is refused', () => {
    const adId = '0b6f5f7e-3c1a-4a53-9d1e-2f1c2b3a4d5e';
    for (const kind of ['ban', 'shadow'] as const) {
      assert.deepEqual(parseModeratorCallback(moderatorCallback.banMenu(adId, kind)), { action: 'ban_menu', adId, kind });
      for (const duration of BAN_DURATIONS) {
        const data = moderatorCallback.ban(adId, kind, duration);
        assert.ok(Buffer.byteLength(data) <= 64);
        assert.deepEqual(parseModeratorCallback(data), { action: 'ban', adId, kind, duration });
      }
    }
    assert.equal(parseModeratorCallback(`mod:bn:${adId}:9`), null);
    assert.equal(parseModeratorCallback(`mod:bn:${adId}`), null);
  });

  for (const provider of testProviders()) {
    describe(`moderators' chat bans on ${provider}`, { concurrency: true }, () => {
      it('Ban → 7 days bans the submitter (audited as the staff member); an outsider cannot', async () => {
        const w = await world(provider);
        try {
          const { id, post } = await w.postedAd('Miracle pills, DM me');
          assert.deepEqual(inlineButtons(post.reply_markup).map((b) => b.text), [fa('mod-btn-approve'), fa('mod-btn-reject'), fa('mod-btn-ban'), fa('mod-btn-shadow-ban')]);

          const refused = await w.pressed(w.outsider, fa('mod-btn-ban'), post);
          assert.equal(refused.answer?.text, fa('mod-not-staff'));

          const menu = await w.pressed(w.moderator, fa('mod-btn-ban'), post);
          assert.equal(menu.answer?.text, fa('mod-choose-ban-duration'));
          const sevenDays = `⛔ ${fa('mod-ban-7d')}`;
          assert.ok(inlineButtons(menu.message?.reply_markup).some((b) => b.text === sevenDays));
          const before = Date.now();
          const done = await w.pressed(w.moderator, sevenDays, menu.message ?? post);
          assert.equal(done.answer?.text, fa('mod-banned-done'));

          const user = await w.db.telegramUser.findUniqueOrThrow({ where: { id: w.submitterId } });
          assert.equal(user.banKind, 'ban');
          assert.equal(user.bannedById, w.staffId);
          assert.ok(user.bannedUntil && Math.abs(user.bannedUntil.getTime() - (before + 7 * DAY)) < 60_000, `until ${user.bannedUntil?.toISOString()}`);
          const audit = await w.db.auditLog.findFirstOrThrow({ where: { action: BAN_AUDIT_ACTIONS.ban, targetId: String(w.submitterId) } });
          assert.equal(audit.actorType, 'staff');
          assert.equal(audit.actorId, String(w.staffId));
          assert.equal((JSON.parse(audit.detailsJson ?? '{}') as { reason: string }).reason, plainText('fa', 'mod-ban-reason', { code: id.slice(0, 8) }));

          // A plain ban leaves the ad pending (still decidable); the post says the submitter is banned.
          assert.equal((await w.db.ad.findUniqueOrThrow({ where: { id } })).status, 'pending_manual');
          assert.ok(done.message?.text?.includes(fa('mod-submitter-banned')));
          assert.ok(inlineButtons(done.message?.reply_markup).some((b) => b.text === fa('mod-btn-approve')));
          assert.deepEqual(w.harness.errors, []);
        } finally {
          await w.harness.close();
        }
      });

      it('Shadow-ban takes this and the submitter’s other pending ads out of review and redraws their posts', async () => {
        const w = await world(provider);
        try {
          const first = await w.postedAd('Followers for sale');
          const second = await w.postedAd('More followers for sale');
          const menu = await w.pressed(w.moderator, fa('mod-btn-shadow-ban'), second.post);
          assert.equal(menu.answer?.text, fa('mod-choose-shadow-duration'));
          const done = await w.pressed(w.moderator, `👻 ${fa('mod-ban-permanent')}`, menu.message ?? second.post);
          assert.equal(done.answer?.text, fa('mod-shadow-banned-done'));

          const user = await w.db.telegramUser.findUniqueOrThrow({ where: { id: w.submitterId } });
          assert.equal(user.banKind, 'shadow');
          assert.equal(user.bannedUntil, null);
          for (const ad of [first, second]) assert.equal((await w.db.ad.findUniqueOrThrow({ where: { id: ad.id } })).shadowed, true);
          const audit = await w.db.auditLog.findFirstOrThrow({ where: { action: BAN_AUDIT_ACTIONS.shadow, targetId: String(w.submitterId) } });
          assert.equal((JSON.parse(audit.detailsJson ?? '{}') as { shadowedAds: number }).shadowedAds, 2);

          assert.ok(done.message?.text?.includes(fa('mod-outcome-shadowed')));
          assert.deepEqual(inlineButtons(done.message?.reply_markup), [], 'no buttons on a shadowed ad');
          // Both posts get an update_moderators_message job; the other post is redrawn by it.
          assert.equal(await w.db.job.count({ where: { kind: UPDATE_MODERATORS_MESSAGE_JOB } }), 2);
          for (let i = 0; i < 2; i += 1) assert.equal((await runNextJob(w.harness.runtime, UPDATE_MODERATORS_MESSAGE_JOB)).outcome, 'completed');
          const redrawn = w.group.messages().find((m) => m.message_id === first.post.message_id);
          assert.ok(redrawn?.text?.includes(fa('mod-outcome-shadowed')));
          assert.deepEqual(inlineButtons(redrawn?.reply_markup), []);

          // An old Approve button of a shadowed ad changes nothing.
          const stale = w.harness.tg.pushUpdate(w.harness.standIn, {
            callback_query: { id: `stale${first.id.slice(0, 8)}`, from: w.moderator.user, chat_instance: '1', message: first.post, data: moderatorCallback.approve(first.id) },
          });
          await w.harness.waitHandled(stale.update_id);
          assert.equal((await w.db.ad.findUniqueOrThrow({ where: { id: first.id } })).status, 'pending_manual');
          assert.deepEqual(w.harness.errors, []);
        } finally {
          await w.harness.close();
        }
      });
    });
  }
});
