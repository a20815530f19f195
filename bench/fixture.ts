import crypto from 'node:crypto';
import http from 'node:http';
import type net from 'node:net';
import { startStandIns, type StandIns, type StandInBot } from '../test/stand-ins/index.ts';
import { createConfig } from '../src/shared/config/create-config.ts';
import { prepareDatabase } from '../src/shared/runtime/prepare-database.ts';
import { createRuntime, type Runtime } from '../src/shared/runtime/create-runtime.ts';
import { createLogger } from '../src/shared/logger.ts';
import { createStaffToken } from '../src/shared/domain/staff/staff-accounts.ts';
import { CLI_ACTOR } from '../src/shared/domain/audit/record-audit.ts';
import { addBot } from '../src/shared/domain/telegram/add-bot.ts';
import { loadWebhookBot } from '../src/shared/domain/telegram/webhook-secret.ts';
import { createPartnerClient, MAX_PARTNER_RATE_LIMIT_PER_MIN } from '../src/shared/domain/partners/partner-clients.ts';
import type { BenchDatabase } from './database.ts';
import { freePort, REPO_ROOT } from './processes.ts';

/**
 * Everything one provider's run needs before the processes start: the stand-ins (Telegram with
 * its real per-chat and per-bot flood limits), a migrated database with the channel, Instagram
 * and partner-webhook settings, two webhook-mode bots (one for the simulated users, one that
 * only receives the synthetic acceptance load), a partner key with the highest allowed limit, a
 * staff token, and the environment for `src/admin/main.ts` and `src/bot/main.ts`.
 */
export interface WebhookBotHandle {
  readonly bot: StandInBot;
  /** The TelegramBot row id (the `:botId` of the webhook URL). */
  readonly id: number;
  readonly secret: string;
}

export interface Fixture {
  readonly standIns: StandIns;
  readonly runtime: Runtime;
  readonly env: Readonly<Record<string, string>>;
  readonly port: number;
  readonly chatBot: WebhookBotHandle;
  readonly loadBot: WebhookBotHandle;
  readonly partnerKey: string;
  readonly staffToken: string;
  readonly instagramUserId: string;
  /** POSTs the partner webhook sink received. */
  webhookHits(): number;
  close(): Promise<void>;
}

export async function createFixture(database: BenchDatabase, logLevel: string): Promise<Fixture> {
  const standIns = await startStandIns({ telegram: { floodLimits: 'telegram' }, instagram: { finishAfterPolls: 0 } });
  let hits = 0;
  const sink = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      hits += 1;
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));

  const chatTgBot = standIns.telegram.addBot({ username: 'agahi_bench_bot', firstName: 'Agahi bench' });
  const loadTgBot = standIns.telegram.addBot({ username: 'agahi_load_bot', firstName: 'Agahi load' });
  const channel = standIns.telegram.createChannel({ title: 'Agahi bench channel', username: 'agahi_bench', admins: [chatTgBot] });
  const instagram = standIns.instagram.addAccount({ username: 'agahi_bench' });

  const port = await freePort();
  const env: Record<string, string> = {
    DATABASE_URL: database.url,
    APP_SECRET: crypto.randomBytes(32).toString('hex'),
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    TELEGRAM_API_ROOT: standIns.telegram.url,
    OPENAI_BASE_URL: standIns.openai.baseURL,
    OPENAI_API_KEY: standIns.openai.apiKey ?? 'sk-bench',
    INSTAGRAM_GRAPH_URL: standIns.instagram.graphUrl,
    MEDIA_URL_CHECK: 'off',
    BOT_TOKEN: chatTgBot.token,
    BOT_MODE: 'webhook',
    ADMIN_EMAIL: 'admin@bench.local',
    ADMIN_PASSWORD: crypto.randomBytes(12).toString('base64url'),
    LOG_LEVEL: logLevel,
  };
  const config = createConfig(env, { cwd: REPO_ROOT, version: 'bench' });
  await prepareDatabase(config);
  const runtime = createRuntime(config, { name: 'bench', logger: createLogger({ level: 'silent' }) });
  await runtime.settings.set(
    {
      'telegram.channelId': String(channel.id),
      'telegram.channelHandle': '@agahi_bench',
      'instagram.enabled': true,
      'instagram.userId': instagram.userId,
      'instagram.accessToken': instagram.token,
      'webhook.url': `http://127.0.0.1:${(sink.address() as net.AddressInfo).port}/hook`,
      'webhook.secret': 'bench-webhook-secret',
    },
    CLI_ACTOR,
  );
  // The web process is not listening yet: setWebhook only records the URL in the stand-in.
  const chatBot = await registerWebhookBot(runtime, chatTgBot);
  const loadBot = await registerWebhookBot(runtime, loadTgBot);
  const partner = await createPartnerClient(runtime.database.db, { name: 'bench', rateLimitPerMin: MAX_PARTNER_RATE_LIMIT_PER_MIN }, CLI_ACTOR);
  const staffToken = await createStaffToken(runtime.database.db, env.ADMIN_EMAIL ?? '', CLI_ACTOR, 'bench');

  return {
    standIns,
    runtime,
    env,
    port,
    chatBot,
    loadBot,
    partnerKey: partner.key,
    staffToken,
    instagramUserId: instagram.userId,
    webhookHits: () => hits,
    async close() {
      await runtime.database.close();
      await standIns.close();
      await new Promise<void>((resolve) => {
        sink.close(() => resolve());
        sink.closeAllConnections();
      });
    },
  };
}

async function registerWebhookBot(runtime: Runtime, bot: StandInBot): Promise<WebhookBotHandle> {
  const summary = await addBot(runtime, bot.token, 'webhook', { actor: CLI_ACTOR });
  const row = await loadWebhookBot(runtime.database.db, runtime.secretBox, summary.id);
  if (!row?.secret) throw new Error(`bot ${summary.id} has no webhook secret`);
  return { bot, id: summary.id, secret: row.secret };
}
