import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { testProviders } from '../../../helpers/databases.ts';
import { createTestRuntime, type TestRuntime } from '../../../helpers/test-runtime.ts';
import { spawnTs, waitForOutput, collect } from '../../../helpers/child-process.ts';
import { startOpenAIStandIn, OPENAI_STAND_IN_KEY, type OpenAIStandIn } from '../../../stand-ins/openai/openai-stand-in.ts';
import { submitAd } from '../../../../src/shared/domain/ads/submit-ad.ts';
import { createModerationJobHandler } from '../../../../src/shared/domain/moderation/moderation-job.ts';
import type { Ad } from '../../../../src/shared/db/prisma-types.ts';

/** Claims the ad's moderation job and runs the real handler; returns the ad after and the time taken. */
async function moderate(rt: TestRuntime, adId: string): Promise<{ ad: Ad; ms: number }> {
  const job = await rt.jobs.claim({ workerId: 'test', leaseMs: 60_000, kinds: ['moderate'] });
  assert.ok(job, 'no moderation job was queued');
  assert.deepEqual(job.payload, { adId });
  const started = Date.now();
  await createModerationJobHandler(rt)({ job, signal: new AbortController().signal });
  const ms = Date.now() - started;
  await rt.jobs.complete(job);
  return { ad: await rt.database.db.ad.findUniqueOrThrow({ where: { id: adId } }), ms };
}

for (const provider of testProviders()) {
  describe(`moderation on ${provider}`, () => {
    let openai: OpenAIStandIn;
    let rt: TestRuntime;
    const submit = async (content = 'Two-bedroom flat for rent near the park. Call me.') =>
      (await submitAd({ db: rt.database.db, jobs: rt.jobs }, { source: 'partner', content })).ad;

    before(async () => {
      openai = await startOpenAIStandIn();
      rt = await createTestRuntime(provider, { OPENAI_BASE_URL: openai.baseURL, OPENAI_API_KEY: OPENAI_STAND_IN_KEY, MODERATION_TIMEOUT_MS: '1000' });
    });
    afterEach(() => openai.reset());
    after(async () => {
      await rt.close();
      await openai.close();
    });

    it('stores the verdict, reason, scores, model and latency, and moves the ad to pending_manual', async () => {
      openai.onChat(() => ({ content: { verdict: 'approve', reason: 'An ordinary rent ad.', suggestedCategory: 'rent' } }));
      const ad = await submit();
      const { ad: after } = await moderate(rt, ad.id);
      assert.equal(after.status, 'pending_manual');
      assert.equal(after.aiVerdict, 'approve');
      assert.equal(after.aiReason, 'An ordinary rent ad.');
      assert.equal(after.aiSuggestedCategory, 'rent');
      const result = await rt.database.db.moderationResult.findUniqueOrThrow({ where: { adId: ad.id } });
      assert.equal(result.flagged, false);
      assert.ok(result.scoresJson && JSON.parse(result.scoresJson));
      assert.equal(result.model, 'gpt-4o-mini');
      assert.ok(result.latencyMs !== null && result.latencyMs >= 0);
      const chat = openai.calls({ endpoint: 'chat.completions' })[0];
      const format = chat?.body.response_format as { type?: string } | undefined;
      assert.equal(format?.type, 'json_schema');
      assert.equal(openai.calls({ endpoint: 'moderations' })[0]?.body.model, 'omni-moderation-latest');
    });

    it('a hanging OpenAI gives `unavailable` within the deadline, and the worker is free right after', async () => {
      openai.inject({ fault: 'hang' });
      const ad = await submit();
      const { ad: after, ms } = await moderate(rt, ad.id);
      assert.equal(after.status, 'pending_manual');
      assert.equal(after.aiVerdict, 'unavailable');
      assert.match(after.aiReason ?? '', /timed out/);
      assert.ok(ms >= 900 && ms < 1800, `took ${ms} ms for a 1000 ms deadline`);
      openai.clearFaults();
      const next = await submit();
      const { ad: nextAfter, ms: nextMs } = await moderate(rt, next.id);
      assert.equal(nextAfter.aiVerdict, 'approve');
      assert.ok(nextMs < 900, `the next job took ${nextMs} ms`);
    });

    it('a 429 whose retry-after fits the deadline is retried', async () => {
      openai.inject({ endpoint: 'chat.completions', fault: { kind: 'status', status: 429, retryAfter: 0.2 }, times: 1 });
      const ad = await submit();
      const { ad: after } = await moderate(rt, ad.id);
      assert.equal(after.aiVerdict, 'approve');
      assert.equal(openai.calls({ endpoint: 'chat.completions' }).length, 2);
    });

    it('a 429 whose retry-after is beyond the deadline is not waited for', async () => {
      openai.inject({ endpoint: 'chat.completions', fault: { kind: 'status', status: 429, retryAfter: 30 } });
      const ad = await submit();
      const { ad: after, ms } = await moderate(rt, ad.id);
      assert.equal(after.aiVerdict, 'unavailable');
      assert.match(after.aiReason ?? '', /rate limited \(429\); retry would not fit the deadline/);
      assert.equal(openai.calls({ endpoint: 'chat.completions' }).length, 1);
      assert.ok(ms < 900, `waited ${ms} ms`);
    });

    it('a 5xx is retried within the deadline', async () => {
      openai.inject({ endpoint: 'chat.completions', fault: { kind: 'status', status: 500 }, times: 1 });
      const { ad: after } = await moderate(rt, (await submit()).id);
      assert.equal(after.aiVerdict, 'approve');
    });

    for (const [name, fault, reason] of [
      ['malformed JSON content', { kind: 'invalid_json_content' }, /unreadable reply/],
      ['a refusal', { kind: 'refusal' }, /refused/],
    ] as const) {
      it(`${name} gives \`unavailable\` with a clear reason`, async () => {
        openai.inject({ endpoint: 'chat.completions', fault });
        const { ad: after } = await moderate(rt, (await submit()).id);
        assert.equal(after.status, 'pending_manual');
        assert.equal(after.aiVerdict, 'unavailable');
        assert.match(after.aiReason ?? '', reason);
      });
    }

    it('no key, or moderation disabled, gives `unavailable` without calling OpenAI', async () => {
      const noKey = await createTestRuntime(provider, { OPENAI_BASE_URL: openai.baseURL, MODERATION_TIMEOUT_MS: '1000' });
      try {
        const ad = (await submitAd({ db: noKey.database.db, jobs: noKey.jobs }, { source: 'partner', content: 'x y z' })).ad;
        const { ad: after } = await moderate(noKey, ad.id);
        assert.equal(after.aiVerdict, 'unavailable');
        assert.match(after.aiReason ?? '', /no OpenAI API key/);

        await noKey.settings.set({ 'openai.apiKey': OPENAI_STAND_IN_KEY, 'moderation.enabled': false }, { type: 'cli' });
        const second = (await submitAd({ db: noKey.database.db, jobs: noKey.jobs }, { source: 'partner', content: 'a b c' })).ad;
        const { ad: secondAfter } = await moderate(noKey, second.id);
        assert.equal(secondAfter.aiVerdict, 'unavailable');
        assert.match(secondAfter.aiReason ?? '', /disabled/);
        assert.equal(openai.calls().length, 0);
      } finally {
        await noKey.close();
      }
    });

    it('flagged content with auto-reject on ends `rejected` and the submitter is notified', async () => {
      await rt.settings.set({ 'moderation.autoRejectFlagged': true }, { type: 'cli' });
      try {
        openai.onModeration((input) => (input.text.includes('weapons') ? { flagged: true, categories: { violence: true }, scores: { violence: 0.97 } } : undefined));
        openai.onChat(() => ({ content: { verdict: 'unsure', reason: 'Mentions weapons.', suggestedCategory: null } }));
        const ad = await submit('Selling weapons, no questions asked');
        const { ad: after } = await moderate(rt, ad.id);
        assert.equal(after.status, 'rejected');
        assert.equal(after.aiVerdict, 'reject');
        assert.match(after.rejectionReason ?? '', /flagged by the moderation endpoint: violence/);
        assert.equal(await rt.database.db.job.count({ where: { dedupeKey: `notify_submitter:${ad.id}:rejected` } }), 1);

        const clean = await submit('A bicycle for sale');
        const { ad: cleanAfter } = await moderate(rt, clean.id);
        assert.equal(cleanAfter.status, 'pending_manual');
      } finally {
        await rt.settings.set({ 'moderation.autoRejectFlagged': false }, { type: 'cli' });
      }
    });

    it('by default the AI only suggests: flagged content still reaches people', async () => {
      openai.onModeration(() => ({ flagged: true, categories: { harassment: true } }));
      const { ad: after } = await moderate(rt, (await submit('rude words')).id);
      assert.equal(after.status, 'pending_manual');
      assert.equal(after.aiVerdict, 'reject');
    });

    it('kill -9 of the worker during a moderation call: the job runs again and the ad is moderated once', async () => {
      const ad = await submit('A sofa for sale, barely used');
      const hang = openai.inject({ endpoint: 'chat.completions', fault: 'hang', times: 1 });
      const env = {
        CWD: rt.testDb.dir,
        DATABASE_URL: rt.config.databaseUrl,
        APP_SECRET: rt.config.appSecret.toString('hex'),
        OPENAI_BASE_URL: openai.baseURL,
        OPENAI_API_KEY: OPENAI_STAND_IN_KEY,
        MODERATION_TIMEOUT_MS: '30000',
      };
      const first = spawnTs('test/fixtures/moderation-worker-child.ts', [], env);
      for (let i = 0; i < 200 && hang.applied() === 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(hang.applied(), 1, 'the child never called OpenAI');
      first.kill('SIGKILL');
      await collect(first);
      assert.equal(await rt.database.db.moderationResult.count({ where: { adId: ad.id } }), 0);

      const second = spawnTs('test/fixtures/moderation-worker-child.ts', [], env);
      await waitForOutput(second, /JOB \d+ done/, 20_000);
      second.kill('SIGTERM');
      await collect(second);
      assert.equal(await rt.database.db.moderationResult.count({ where: { adId: ad.id } }), 1);
      const after = await rt.database.db.ad.findUniqueOrThrow({ where: { id: ad.id } });
      assert.equal(after.status, 'pending_manual');
      assert.equal(after.aiVerdict, 'approve');
      assert.equal(await rt.database.db.adEvent.count({ where: { adId: ad.id, type: 'screened' } }), 1);
    });
  });
}
