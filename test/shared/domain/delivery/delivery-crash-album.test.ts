import { after, before, describe, it } from 'node:test';
import { testProviders } from '../../../helpers/databases.ts';
import { startTelegramStandIn } from '../../../stand-ins/telegram/telegram-stand-in.ts';
import { startInstagramStandIn } from '../../../stand-ins/instagram/instagram-stand-in.ts';
import { startWebhookReceiver } from '../../../fixtures/delivery-webhook-receiver.ts';
import { assertOutcome, runCrashBatch, scenarioName, type CrashRun, type CrashScenario, type StandInSet } from '../../../fixtures/delivery-crash-harness.ts';

const POINTS = ['before', 'in_flight', 'after'] as const;
// An album of 3: the channel's one sendMediaGroup, and every call of the Instagram carousel flow.
// Two children (the channel's 3 scenarios, Instagram's 9), so each reaches its crash points in time on a busy machine.
const BATCHES: CrashScenario[][] = [
  POINTS.map((point) => ({ channel: 'telegram_channel' as const, call: 'sendMediaGroup', point, album: 3 })),
  ['createContainer', 'getContainerStatus', 'publishContainer'].flatMap((call) => POINTS.map((point) => ({ channel: 'instagram_feed' as const, call, point, album: 3 }))),
];

describe('kill -9 while publishing an album', { concurrency: true }, () => {
  for (const provider of testProviders()) {
    describe(`kill -9 while publishing an album on ${provider}`, { concurrency: 1 }, () => {
      const secrets = new Map<string, string>();
      let stand: StandInSet;
      const runs: CrashRun[][] = [];
      before(async () => {
        const receiver = await startWebhookReceiver((path) => secrets.get(path) ?? '');
        stand = { tg: await startTelegramStandIn(), ig: await startInstagramStandIn({ finishAfterPolls: 1 }), receiver, secrets };
        for (const batch of BATCHES) runs.push(await runCrashBatch(provider, stand, batch));
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
