import { after, before, describe, it } from 'node:test';
import { testProviders } from '../../../helpers/databases.ts';
import { startTelegramStandIn } from '../../../stand-ins/telegram/telegram-stand-in.ts';
import { startInstagramStandIn } from '../../../stand-ins/instagram/instagram-stand-in.ts';
import { startWebhookReceiver } from '../../../fixtures/delivery-webhook-receiver.ts';
import { assertOutcome, runCrashBatch, scenarioName, type CrashRun, type CrashScenario, type StandInSet } from '../../../fixtures/delivery-crash-harness.ts';

const POINTS = ['before', 'in_flight', 'after'] as const;
const SCENARIOS: CrashScenario[] = [
  ...POINTS.map((point) => ({ channel: 'telegram_channel' as const, call: 'sendPhoto', point })),
  ...POINTS.map((point) => ({ channel: 'telegram_dm' as const, call: 'sendMessage', point })),
  ...POINTS.map((point) => ({ channel: 'webhook' as const, call: 'post', point })),
];

// The providers run side by side: most of the time goes to waiting (timeouts, leases, backoff).
describe('kill -9 during Telegram and webhook calls', { concurrency: true }, () => {
  for (const provider of testProviders()) {
    describe(`kill -9 during Telegram and webhook calls on ${provider}`, { concurrency: 1 }, () => {
      const secrets = new Map<string, string>();
      let stand: StandInSet;
      let runs: CrashRun[] = [];
      before(async () => {
        const receiver = await startWebhookReceiver((path) => secrets.get(path) ?? '');
        stand = { tg: await startTelegramStandIn(), ig: await startInstagramStandIn(), receiver, secrets };
        runs = await runCrashBatch(provider, stand, SCENARIOS);
      });
      after(async () => {
        await stand.receiver.close();
        await stand.tg.close();
        await stand.ig.close();
      });
      for (const [index, scenario] of SCENARIOS.entries()) {
        it(`${scenarioName(scenario)}: never two posts`, () => {
          assertOutcome(runs[index]!, stand);
        });
      }
    });
  }
});
