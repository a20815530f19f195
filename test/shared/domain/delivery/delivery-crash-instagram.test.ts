import { after, before, describe, it } from 'node:test';
import { testProviders } from '../../../helpers/databases.ts';
import { startTelegramStandIn } from '../../../stand-ins/telegram/telegram-stand-in.ts';
import { startInstagramStandIn } from '../../../stand-ins/instagram/instagram-stand-in.ts';
import { startWebhookReceiver } from '../../../fixtures/delivery-webhook-receiver.ts';
import { assertOutcome, runCrashBatch, scenarioName, type CrashRun, type CrashScenario, type StandInSet } from '../../../fixtures/delivery-crash-harness.ts';

const POINTS = ['before', 'in_flight', 'after'] as const;
const CALLS = ['createContainer', 'getContainerStatus', 'getPublishingLimit', 'publishContainer'] as const;
const scenariosFor = (channel: 'instagram_feed' | 'instagram_story'): CrashScenario[] => CALLS.flatMap((call) => POINTS.map((point) => ({ channel, call, point })));
// One child for all 24 on SQLite; two on PostgreSQL, to stay well under its 100 connections.
const batchesFor = (provider: string): CrashScenario[][] =>
  provider === 'sqlite' ? [[...scenariosFor('instagram_feed'), ...scenariosFor('instagram_story')]] : [scenariosFor('instagram_feed'), scenariosFor('instagram_story')];

// The providers run side by side: most of the time goes to waiting (timeouts, leases, backoff).
describe('kill -9 during Instagram calls', { concurrency: true }, () => {
  for (const provider of testProviders()) {
    describe(`kill -9 during Instagram calls on ${provider}`, { concurrency: 1 }, () => {
      const BATCHES = batchesFor(provider);
      const secrets = new Map<string, string>();
      let stand: StandInSet;
      const runs: CrashRun[][] = [];
      before(async () => {
        const receiver = await startWebhookReceiver((path) => secrets.get(path) ?? '');
        stand = { tg: await startTelegramStandIn(), ig: await startInstagramStandIn({ finishAfterPolls: 1 }), receiver, secrets };
        for (const batch of BATCHES) {
          runs.push(await runCrashBatch(provider, stand, batch));
        }
      });
      after(async () => {
        await stand.receiver.close();
        await stand.tg.close();
        await stand.ig.close();
      });
      for (const [b, batch] of BATCHES.entries()) {
        for (const [index, scenario] of batch.entries()) {
          it(`${scenarioName(scenario)}: exactly one publication`, () => {
            assertOutcome(runs[b]![index]!, stand);
          });
        }
      }
    });
  }
});
