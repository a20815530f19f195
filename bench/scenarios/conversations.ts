import { performance } from 'node:perf_hooks';
import type { SimulatedUser } from '../../test/stand-ins/index.ts';
import { translate } from '../../src/bot/i18n/bot-i18n.ts';
import { DEFAULT_CATEGORIES } from '../../src/shared/db/seed-categories.ts';
import type { Fixture } from '../fixture.ts';
import { LatencyRecorder, round, type LatencySummary } from '../stats.ts';
import { sleep } from '../processes.ts';

/**
 * End to end through the real transport: simulated people (the stand-in's user simulator) talk
 * to the webhook-mode bot; the stand-in pushes each update to the web process, which records it
 * and answers 200; the bot process handles it from the inbox and replies through the Bot API.
 * Each step's latency runs from the user's action (the update entering the stand-in's queue)
 * to the bot's first reply message arriving at the stand-in.
 *
 * `users` people at a time each go through the whole submission (the steps of scripts/demo.ts:
 * /start → language → New ad → own contact → category → text → skip photo → confirm), pausing
 * like a person between steps (`thinkMs`, at least a second: Telegram allows a bot about one
 * message per second in a chat, and the stand-in enforces it), then a new person takes the slot
 * until `durationMs` is over. Telegram also caps one bot at about 30 messages per second overall
 * (the product throttles itself to 25), so `users` and `thinkMs` keep the offered load below it.
 */
export interface ConversationOptions {
  readonly users: number;
  readonly durationMs: number;
  readonly thinkMs: readonly [min: number, max: number];
  /** People who go through the conversation once, unmeasured, before the others start. */
  readonly warmupUsers: number;
}

export interface ConversationResult {
  readonly users: number;
  readonly conversations: number;
  readonly failedConversations: number;
  readonly steps: number;
  readonly seconds: number;
  /** Updates handled (each answered by the bot) per second over the phase. */
  readonly handledPerSecond: number;
  /** Messages the bot sent per second (what Telegram's per-bot limit counts). */
  readonly botMessagesPerSecond: number;
  readonly latency: LatencySummary;
  readonly firstError: string | null;
}

interface Step {
  readonly name: string;
  readonly act: (user: SimulatedUser) => unknown;
  /** Bot messages this step produces (the first one is timed). */
  readonly replies: number;
}

const AD_TEXTS = [
  'آپارتمان دو خوابه نزدیک پارک، ۸۵ متر، طبقه سوم با آسانسور. اجاره ماهانه با ودیعه مناسب.',
  'واحد اداری ۶۰ متری در مرکز شهر، مناسب دفتر کار، اجاره با قرارداد یک‌ساله.',
  'سوئیت مبله کوچک برای دانشجو، نزدیک دانشگاه، اجاره کوتاه‌مدت یا بلندمدت.',
];

const RENT = DEFAULT_CATEGORIES.find((c) => c.slug === 'rent')?.nameFa ?? 'اجاره';

function submissionSteps(sequence: number): Step[] {
  const t = (key: string) => translate('fa', key);
  return [
    { name: '/start', act: (u) => u.send('/start'), replies: 1 },
    { name: 'language', act: (u) => u.press(t('btn-lang-fa')), replies: 1 },
    { name: 'new ad', act: (u) => u.press(t('btn-new-ad')), replies: 1 },
    { name: 'own contact', act: (u) => u.shareContact(), replies: 2 },
    { name: 'category', act: (u) => u.press(RENT), replies: 1 },
    { name: 'text', act: (u) => u.send(`${AD_TEXTS[sequence % AD_TEXTS.length]} کد ${sequence}`), replies: 1 },
    { name: 'skip photo', act: (u) => u.press(t('btn-skip-photo')), replies: 1 },
    { name: 'confirm', act: (u) => u.press(t('btn-confirm')), replies: 1 },
  ];
}

export async function runConversations(fx: Fixture, options: ConversationOptions): Promise<ConversationResult> {
  const telegram = fx.standIns.telegram;
  const latency = new LatencyRecorder();
  let botMessages = 0;
  const unsubscribe = telegram.onCall((call) => {
    if (call.botId === fx.chatBot.bot.id && /^send|^edit/.test(call.method)) botMessages += 1;
  });
  let conversations = 0;
  let failed = 0;
  let steps = 0;
  let firstError: string | null = null;
  let sequence = 0;
  const think = () => options.thinkMs[0] + Math.random() * (options.thinkMs[1] - options.thinkMs[0]);

  const converse = async (recorder: LatencyRecorder | null, pause: () => number) => {
    const number = sequence++;
    const user = telegram.user({ firstName: `Bench ${number}`, languageCode: 'fa', bot: fx.chatBot.bot });
    for (const step of submissionSteps(number)) {
      const at = performance.now();
      step.act(user);
      await user.waitForMessage(() => true, 30_000);
      recorder?.add(performance.now() - at);
      for (let i = 1; i < step.replies; i += 1) await user.waitForMessage(() => true, 30_000);
      if (recorder) steps += 1;
      await sleep(pause());
    }
  };
  // Warm-up (first use of every code path), not measured.
  await Promise.all(Array.from({ length: options.warmupUsers }, () => converse(null, () => 1_000)));
  botMessages = 0;

  const started = performance.now();
  const until = started + options.durationMs;
  const slot = async (index: number) => {
    // Stagger the first steps so the users do not all start in the same instant.
    await sleep((index / options.users) * options.thinkMs[1]);
    while (performance.now() < until) {
      try {
        await converse(latency, think);
        conversations += 1;
      } catch (error) {
        failed += 1;
        firstError ??= error instanceof Error ? error.message.slice(0, 300) : String(error);
        await sleep(1_000);
      }
    }
  };
  await Promise.all(Array.from({ length: options.users }, (_, i) => slot(i)));
  unsubscribe();
  const seconds = (performance.now() - started) / 1000;
  return {
    users: options.users,
    conversations,
    failedConversations: failed,
    steps,
    seconds: round(seconds),
    handledPerSecond: round(steps / seconds, 1),
    botMessagesPerSecond: round(botMessages / seconds, 1),
    latency: latency.summary(),
    firstError,
  };
}
