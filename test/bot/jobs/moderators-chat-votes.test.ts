import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { testProviders } from '../../helpers/databases.ts';
import { submitAd } from '../../../src/shared/domain/ads/submit-ad.ts';
import { NOTIFY_MODERATORS_JOB } from '../../../src/shared/domain/ads/job-kinds.ts';
import { plainText } from '../../../src/shared/domain/notifications/notification-texts.ts';
import { CLI_ACTOR } from '../../../src/shared/domain/audit/record-audit.ts';
import { startBotHarness } from '../features/bot-harness.ts';
import { runNextJob } from './run-job.ts';

const fa = (key: string, variables?: Record<string, string | number>) => plainText('fa', key, variables).replace(/<[^>]+>/g, '');

describe("two-person rule in the moderators' chat", { concurrency: true }, () => {
  for (const provider of testProviders()) {
    it(`a press is a vote: 1/2 with the name, the same person again says so, a second approves (${provider})`, async () => {
      const harness = await startBotHarness(provider);
      try {
        const db = harness.runtime.database.db;
        await harness.runtime.settings.set({ 'review.approvalsRequired': 2 }, CLI_ACTOR);
        const group = harness.tg.createGroup({ title: 'Moderators', admins: [harness.standIn] });
        await db.telegramBot.update({ where: { id: harness.botRow.id }, data: { moderatorChatId: String(group.id) } });
        const sara = harness.user({ firstName: 'Sara' });
        const omid = harness.user({ firstName: 'Omid' });
        group.addMember(sara);
        group.addMember(omid);
        await db.staffUser.create({ data: { email: 'sara@example.test', passwordHash: 'x', name: 'Sara', telegramUserId: String(sara.id) } });
        await db.staffUser.create({ data: { email: 'omid@example.test', passwordHash: 'x', name: 'Omid', telegramUserId: String(omid.id) } });
        const submitter = await db.telegramUser.create({ data: { botId: harness.botRow.id, telegramId: '515151', chatId: '515151', language: 'en', phone: '+4915112345678', phoneVerifiedAt: new Date() } });
        const { jobs } = harness.runtime;
        const { ad } = await submitAd({ db, jobs }, { source: 'bot', content: 'Two votes needed for this bike', language: 'en', botId: harness.botRow.id, telegramUserId: submitter.id, contactPhone: '+4915112345678' });
        await db.ad.update({ where: { id: ad.id }, data: { status: 'pending_manual', aiVerdict: 'unsure' } });
        await db.$transaction((tx) => jobs.enqueue(tx, { kind: NOTIFY_MODERATORS_JOB, payload: { adId: ad.id } }));
        await runNextJob(harness.runtime, NOTIFY_MODERATORS_JOB);
        const post = await group.waitForPost((m) => m.text?.includes(ad.code) ?? false);
        const press = async (user: typeof sara) => {
          const pressed = user.press(fa('mod-btn-approve'), { chat: group, message: post });
          await harness.waitHandled(pressed.updateId);
          return { answer: user.callbackAnswer(pressed.id), message: group.messages().find((m) => m.message_id === post.message_id) };
        };

        const first = await press(sara);
        assert.equal(first.answer?.text, fa('mod-voted', { votes: 1, required: 2 }));
        assert.ok(first.message?.text?.includes(fa('mod-approvals', { votes: 1, required: 2, names: 'Sara' })), first.message?.text);
        assert.equal((await db.ad.findUniqueOrThrow({ where: { id: ad.id } })).status, 'pending_manual');
        const again = await press(sara);
        assert.equal(again.answer?.text, fa('mod-already-voted', { votes: 1, required: 2 }));
        const second = await press(omid);
        assert.equal(second.answer?.text, fa('mod-decided-approved'));
        assert.equal((await db.ad.findUniqueOrThrow({ where: { id: ad.id } })).status, 'approved');
        assert.equal(await db.adVote.count({ where: { adId: ad.id } }), 2);
        assert.deepEqual(harness.errors, []);
      } finally {
        await harness.close();
      }
    });
  }
});
