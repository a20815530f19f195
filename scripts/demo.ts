// `npm run demo [-- --auto-approve]`: the whole loop with no tokens and no internet.
// Starts the Telegram, OpenAI and Instagram stand-ins, runs the real web + bot processes
// (`npm start`) against them on a fresh SQLite database, scripts one user submitting an ad
// through the bot in Persian, and prints the admin URL and login. Approve the ad in the panel and
// watch the channel post and the Instagram publish arrive in the stand-ins' log below.
// With --auto-approve (CI) the script approves through the staff API, waits for the channel post,
// the Instagram feed + story and the partner webhook, then stops everything and exits 0.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startStandIns } from '../test/stand-ins/index.ts';
import { summarizeInstagramCall, summarizeOpenAICall, summarizeTelegramCall } from '../test/stand-ins/call-summary.ts';
import { translate } from '../src/bot/i18n/bot-i18n.ts';
import { createConfig } from '../src/shared/config/create-config.ts';
import { prepareDatabase } from '../src/shared/runtime/prepare-database.ts';
import { createRuntime } from '../src/shared/runtime/create-runtime.ts';
import { createLogger } from '../src/shared/logger.ts';
import { createStaffToken } from '../src/shared/domain/staff/staff-accounts.ts';
import { CLI_ACTOR } from '../src/shared/domain/audit/record-audit.ts';

const autoApprove = process.argv.includes('--auto-approve');
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const say = (line: string) => process.stdout.write(`[demo] ${line}\n`);

const standIns = await startStandIns({ instagram: { finishAfterPolls: 0 } });
const tgBot = standIns.telegram.addBot({ username: 'agahi_demo_bot', firstName: 'Agahi demo' });
const channel = standIns.telegram.createChannel({ title: 'Agahi demo channel', username: 'agahi_demo', admins: [tgBot] });
const instagram = standIns.instagram.addAccount({ username: 'agahi_demo' });
const webhookHits: string[] = [];
const partner = http.createServer((req, res) => {
  let body = '';
  req.on('data', (chunk: Buffer) => (body += chunk.toString()));
  req.on('end', () => {
    webhookHits.push(body);
    say(`partner webhook received ${req.headers['x-event'] ?? 'a POST'} (delivery ${req.headers['x-delivery-id'] ?? '?'})`);
    res.writeHead(204).end();
  });
});
await new Promise<void>((resolve) => partner.listen(0, '127.0.0.1', resolve));
standIns.telegram.onCall((call) => {
  if (call.method !== 'getUpdates') say(`telegram  ${summarizeTelegramCall(call)}`);
});
standIns.openai.onCall((call) => say(`openai    ${summarizeOpenAICall(call)}`));
standIns.instagram.onCall((call) => say(`instagram ${summarizeInstagramCall(call)}`));

const port = Number(process.env.PORT ?? (await freePort()));
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'agahi-demo-'));
const adminPassword = crypto.randomBytes(9).toString('base64url');
const env: Record<string, string> = {
  DATABASE_URL: `file:${path.join(dataDir, 'app.db')}`,
  APP_SECRET: crypto.randomBytes(32).toString('hex'),
  PORT: String(port),
  HOST: '127.0.0.1',
  PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
  TELEGRAM_API_ROOT: standIns.telegram.url,
  OPENAI_BASE_URL: standIns.openai.baseURL,
  OPENAI_API_KEY: standIns.openai.apiKey ?? 'sk-demo',
  INSTAGRAM_GRAPH_URL: standIns.instagram.graphUrl,
  MEDIA_URL_CHECK: 'off',
  BOT_TOKEN: tgBot.token,
  BOT_MODE: 'polling',
  ADMIN_EMAIL: 'admin@demo.local',
  ADMIN_PASSWORD: adminPassword,
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
};

// Settings before the processes start: channel, Instagram account, the partner webhook.
const config = createConfig(env, { cwd: root, version: 'demo' });
await prepareDatabase(config);
const runtime = createRuntime(config, { name: 'demo', logger: createLogger({ level: 'silent' }) });
await runtime.settings.set(
  {
    'telegram.channelId': String(channel.id),
    'telegram.channelHandle': '@agahi_demo',
    'instagram.enabled': true,
    'instagram.userId': instagram.userId,
    'instagram.accessToken': instagram.token,
    'webhook.url': `http://127.0.0.1:${(partner.address() as net.AddressInfo).port}/hook`,
    'webhook.secret': 'demo-webhook-secret',
  },
  CLI_ACTOR,
);

say(`data in ${dataDir}; starting web + bot (npm start) on port ${port}`);
const app = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), path.join(root, 'src/start.ts')], {
  cwd: root,
  env: { ...process.env, ...env },
  stdio: ['ignore', 'inherit', 'inherit'],
});
let stopping = false;
app.on('exit', (code) => {
  if (!stopping) {
    say(`the app exited unexpectedly (${code})`);
    void finish(1);
  }
});

async function finish(code: number): Promise<never> {
  stopping = true;
  if (app.exitCode === null) {
    app.kill('SIGTERM');
    await new Promise((resolve) => app.once('exit', resolve));
  }
  await runtime.database.close();
  await standIns.close();
  partner.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.exit(code);
}
process.on('SIGINT', () => void finish(0));
process.on('SIGTERM', () => void finish(0));

try {
  await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null))?.ok === true, 60_000, 'the web process');

  // One user, in Persian: /start → language → New ad → own contact → category → text → no photo → confirm.
  const user = standIns.telegram.user({ firstName: 'سارا', languageCode: 'fa', bot: tgBot });
  const t = (key: string) => translate('fa', key);
  const step = async (what: string, act: () => unknown) => {
    act();
    const reply = await user.waitForMessage(() => true, 15_000);
    say(`user ${what} → bot: ${(reply.text ?? reply.caption ?? '').split('\n')[0]}`);
    return reply;
  };
  await step('sends /start', () => user.send('/start'));
  await step('chooses Persian', () => user.press(t('btn-lang-fa')));
  await step('taps New ad', () => user.press(t('btn-new-ad')));
  await step('shares their own contact', () => user.shareContact());
  await user.waitForMessage(() => true, 15_000).catch(() => undefined);
  await step('picks a category', () => user.press('اجاره'));
  await step('sends the ad text', () => user.send('آپارتمان دو خوابه نزدیک پارک، ۸۵ متر، طبقه سوم با آسانسور. اجاره ماهانه با ودیعه مناسب.'));
  await step('skips the photo', () => user.press(t('btn-skip-photo')));
  const ack = await step('confirms', () => user.press(t('btn-confirm')));
  const code = /([0-9a-f]{8})/.exec(ack.text ?? '')?.[1];
  if (!code) throw new Error(`no tracking code in the acknowledgement: ${ack.text}`);
  say(`the ad was accepted with tracking code ${code}`);

  say(`admin panel: http://127.0.0.1:${port}/  login admin@demo.local / ${adminPassword}`);
  if (!autoApprove) {
    say('approve the ad in the panel; the channel post and Instagram publish appear here. Ctrl-C stops everything.');
    await new Promise(() => undefined);
  }

  const token = await createStaffToken(runtime.database.db, 'admin@demo.local', CLI_ACTOR, 'demo');
  const api = (p: string, init: RequestInit = {}) =>
    fetch(`http://127.0.0.1:${port}${p}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } });
  let uuid = '';
  await waitFor(async () => {
    const body = (await (await api(`/api/staff/ads?code=${code}`)).json()) as { items?: Array<{ uuid: string; status: string }> };
    const item = body.items?.[0];
    uuid = item?.uuid ?? '';
    return item?.status === 'pending_manual';
  }, 60_000, 'AI pre-screening');
  say(`pre-screened; approving ${uuid} through the staff API`);
  const approved = await api(`/api/staff/ads/${uuid}/approve`, { method: 'POST', body: '{}' });
  if (approved.status !== 200) throw new Error(`approve answered ${approved.status}: ${await approved.text()}`);

  await waitFor(async () => channel.posts().length >= 1, 90_000, 'the channel post');
  await waitFor(async () => standIns.instagram.published(instagram.userId).length >= 2, 90_000, 'the Instagram feed and story');
  await waitFor(async () => webhookHits.length >= 1, 90_000, 'the partner webhook');
  await user.waitForMessage(() => true, 30_000).catch(() => undefined);
  const deliveries = (await (await api(`/api/staff/ads/${uuid}`)).json()) as { deliveries: Array<{ channel: string; status: string }> };
  say(`deliveries: ${deliveries.deliveries.map((d) => `${d.channel}=${d.status}`).join(', ')}`);
  say('demo complete: submitted, pre-screened, approved, published to the channel, Instagram and the partner webhook');
  await finish(0);
} catch (error) {
  say(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
  await finish(1);
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
