import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { testProviders } from '../../helpers/databases.ts';
import { createJobWorker, type JobWorker } from '../../../src/shared/worker/job-worker.ts';
import { ALBUM_PREVIEW_JOB, albumPreviewHandler } from '../../../src/bot/jobs/album-preview-job.ts';
import { translate } from '../../../src/bot/i18n/bot-i18n.ts';
import type { TgMessage } from '../../stand-ins/telegram/types.ts';
import type { SimulatedUser } from '../../stand-ins/telegram/user-simulator.ts';
import { startBotHarness, type BotHarness } from './bot-harness.ts';
import { chooseLanguage, expectReply, label, reachTextStep, seen } from './flow-helpers.ts';

const COLORS = ['#aa3333', '#33aa33', '#3333aa', '#aaaa33', '#33aaaa', '#aa33aa', '#777777', '#cc8844', '#4488cc', '#88cc44', '#222222', '#eeeeee'];
const TEXT = 'Selling a sofa and two chairs, good condition, pick-up only.';

function largestId(message: TgMessage): string {
  const sizes = [...(message.photo ?? [])].sort((a, b) => b.width * b.height - a.width * a.height);
  return sizes[0]!.file_id;
}

const PREVIEW_HEADER = seen('en', 'preview', { category: 'X', phone: 'X', photo: 'X', content: 'X' }).split('\n')[0]!;
const previews = (user: SimulatedUser) => user.messages().filter((m) => (m.text ?? '').startsWith(PREVIEW_HEADER));

describe('every test database', { concurrency: true }, () => {
  for (const provider of testProviders()) {
    describe(`albums in the submission flow on ${provider}`, { concurrency: true }, () => {
      let harness: BotHarness;
      let worker: JobWorker;
      before(async () => {
        harness = await startBotHarness(provider);
        // The bot process's worker runs the delayed album previews.
        worker = createJobWorker({
          jobs: harness.runtime.jobs,
          logger: harness.runtime.logger,
          workerId: 'album-test',
          pollMs: 50,
          handlers: { [ALBUM_PREVIEW_JOB]: albumPreviewHandler(harness.runtime) },
        });
        worker.start();
      });
      after(async () => {
        await worker.stop();
        assert.deepEqual(harness.errors, []);
        await harness.close();
      });

      async function toPhotoStep(user: SimulatedUser): Promise<void> {
        await chooseLanguage(user, 'en');
        await reachTextStep(user, 'en', 'Sale');
        user.send(TEXT);
        await expectReply(user, seen('en', 'photo-prompt'));
      }

      async function confirm(user: SimulatedUser) {
        user.press(label('en', 'btn-confirm'));
        const ack = await user.waitForMessage((m) => /[0-9a-f]{8}/.test(m.text ?? ''));
        const code = /([0-9a-f]{8})/.exec(ack.text ?? '')![1]!;
        return harness.runtime.database.db.ad.findFirstOrThrow({ where: { code }, include: { photos: { orderBy: { position: 'asc' } } } });
      }

      it('an album of 5 photos: one preview when it is complete, the album shown back, 5 ordered AdPhotos; a redelivered photo is not added twice', async () => {
        const user = harness.user({ firstName: 'Album' });
        await toPhotoStep(user);
        const album = await user.sendAlbum(COLORS.slice(0, 5).map((color) => ({ width: 800, height: 600, color })));
        assert.equal(new Set(album.map((m) => m.media_group_id)).size, 1);
        assert.deepEqual(album.map((m) => m.message_id), album.map((_, i) => album[0]!.message_id + i), 'consecutive message ids');

        const preview = await user.waitForMessage((m) => (m.text ?? '').startsWith(PREVIEW_HEADER), 15_000);
        assert.ok(preview.text?.includes(seen('en', 'preview', { category: 'Sale', phone: `+${user.phone}`, photo: translate('en', 'preview-photos', { count: 5 }), content: TEXT }).split('\n').find((l) => l.includes('📷'))!));
        // The album is shown back as one media group before the preview text.
        const echoed = user.messages().filter((m) => m.photo && m.media_group_id);
        assert.equal(echoed.length, 5);
        assert.equal(new Set(echoed.map((m) => m.media_group_id)).size, 1);

        // Telegram delivers the third photo again: nothing is added, no second preview.
        const again = harness.tg.pushUpdate(harness.standIn, { message: album[2]! });
        await harness.waitHandled(again.update_id);
        const jobs = harness.runtime.database.db.job;
        await waitFor(async () => (await jobs.count({ where: { kind: ALBUM_PREVIEW_JOB, status: { in: ['queued', 'running'] } } })) === 0);
        assert.equal(previews(user).length, 1, 'the preview is shown once');
        const mine = (await jobs.findMany({ where: { kind: ALBUM_PREVIEW_JOB } })).filter((j) => (JSON.parse(j.payload) as { chatId: string }).chatId === String(user.id));
        assert.equal(mine.length, 5, 'one delayed job per album photo');

        const ad = await confirm(user);
        assert.deepEqual(ad.photos.map((p) => p.position), [0, 1, 2, 3, 4]);
        assert.deepEqual(ad.photos.map((p) => p.fileId), album.map(largestId), 'in Telegram order');
      });

      it('12 photos (albums of 10 and 2): the first 10 are kept and the user is told', async () => {
        const user = harness.user({ firstName: 'Twelve' });
        await toPhotoStep(user);
        const first = await user.sendAlbum(COLORS.slice(0, 10).map((color) => ({ width: 640, height: 640, color })));
        await user.sendAlbum(COLORS.slice(10, 12).map((color) => ({ width: 640, height: 640, color })));
        const notice = seen('en', 'photos-limit', { max: 10, dropped: 2 });
        await user.waitForMessage((m) => (m.text ?? '').includes(notice), 15_000);
        await waitFor(async () => (await harness.runtime.database.db.job.count({ where: { kind: ALBUM_PREVIEW_JOB, status: { in: ['queued', 'running'] } } })) === 0);
        const ad = await confirm(user);
        assert.equal(ad.photos.length, 10);
        assert.deepEqual(ad.photos.map((p) => p.fileId), first.map(largestId));
      });

      it('a single photo still goes straight to the preview (no delayed job), and more photos can be added one by one', async () => {
        const user = harness.user({ firstName: 'Single' });
        await toPhotoStep(user);
        const one = await user.sendPhoto({ width: 800, height: 600 });
        await expectReply(user, seen('en', 'preview', { category: 'Sale', phone: `+${user.phone}`, photo: label('en', 'preview-photo-yes'), content: TEXT }).split('\n')[0]!);
        const two = await user.sendPhoto({ width: 600, height: 800, color: '#00aa00' });
        const preview = await user.waitForMessage((m) => (m.text ?? '').startsWith(PREVIEW_HEADER));
        assert.ok(preview.text?.includes(translate('en', 'preview-photos', { count: 2 })));
        const ad = await confirm(user);
        assert.deepEqual(ad.photos.map((p) => p.fileId), [largestId(one), largestId(two)]);
        const chat = String(user.id);
        const jobs = await harness.runtime.database.db.job.findMany({ where: { kind: ALBUM_PREVIEW_JOB } });
        assert.equal(jobs.filter((j) => (JSON.parse(j.payload) as { chatId: string }).chatId === chat).length, 0);
      });
    });
  }
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
