/**
 * `npm run stand-ins`: the Telegram, OpenAI and Instagram stand-ins as one foreground process.
 * Prints each URL, registers a bot, a channel and an Instagram account to point the app at,
 * logs every call as one line, and stops cleanly on Ctrl-C / SIGTERM.
 *
 * Environment (all optional): STAND_IN_TELEGRAM_PORT, STAND_IN_OPENAI_PORT, STAND_IN_INSTAGRAM_PORT,
 * STAND_IN_HOST (default 127.0.0.1), STAND_IN_BOT_TOKEN, STAND_IN_CHANNEL (default agahi_demo),
 * STAND_IN_INSTAGRAM_TOKEN, STAND_IN_LOG_POLLS=1 (also log empty getUpdates polls).
 */
import { summarizeInstagramCall, summarizeOpenAICall, summarizeTelegramCall } from './call-summary.ts';
import { OPENAI_STAND_IN_KEY, startStandIns } from './index.ts';

function port(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65_535) {
    process.stderr.write(`${name} must be a port number (0-65535), got "${raw}"\n`);
    process.exit(2);
  }
  return value;
}

const host = process.env.STAND_IN_HOST || '127.0.0.1';
const listen = (name: string): { host: string; port?: number } => {
  const value = port(name);
  return value === undefined ? { host } : { host, port: value };
};

const standIns = await startStandIns({
  telegram: listen('STAND_IN_TELEGRAM_PORT'),
  openai: listen('STAND_IN_OPENAI_PORT'),
  instagram: { ...listen('STAND_IN_INSTAGRAM_PORT'), finishAfterPolls: 0 },
});
const { telegram, openai, instagram } = standIns;

const bot = telegram.addBot(process.env.STAND_IN_BOT_TOKEN ? { token: process.env.STAND_IN_BOT_TOKEN, username: 'agahi_demo_bot' } : { username: 'agahi_demo_bot' });
const channelName = process.env.STAND_IN_CHANNEL || 'agahi_demo';
const channel = telegram.createChannel({ title: 'Agahi demo channel', username: channelName, admins: [bot] });
const account = instagram.addAccount({
  username: 'agahi_demo_shop',
  ...(process.env.STAND_IN_INSTAGRAM_TOKEN ? { token: process.env.STAND_IN_INSTAGRAM_TOKEN } : {}),
});

const out = (line: string): void => {
  process.stdout.write(`${line}\n`);
};
out(`telegram   ${telegram.url}`);
out(`openai     ${openai.baseURL}`);
out(`instagram  ${instagram.graphUrl}`);
out('');
out('Fake credentials (valid only against these stand-ins):');
out(`  TELEGRAM_API_ROOT=${telegram.url}`);
out(`  BOT_TOKEN=${process.env.STAND_IN_BOT_TOKEN ? '(the STAND_IN_BOT_TOKEN you gave)' : bot.token}   (bot @${bot.username})`);
out(`  telegram.channelId=${channel.id}   telegram.channelHandle=@${channelName}`);
out(`  OPENAI_BASE_URL=${openai.baseURL}   OPENAI_API_KEY=${OPENAI_STAND_IN_KEY}`);
out(`  INSTAGRAM_GRAPH_URL=${instagram.graphUrl}   instagram.userId=${account.userId}`);
out(`  instagram.accessToken=${process.env.STAND_IN_INSTAGRAM_TOKEN ? '(the STAND_IN_INSTAGRAM_TOKEN you gave)' : account.token}`);
out('  MEDIA_URL_CHECK=off');
out('');
out('Logging every call (Ctrl-C to stop).');

const logPolls = process.env.STAND_IN_LOG_POLLS === '1';
telegram.onCall((call) => {
  const result = (call.response?.body as { result?: unknown } | undefined)?.result;
  if (!logPolls && call.method === 'getUpdates' && Array.isArray(result) && result.length === 0 && !call.fault) return;
  out(summarizeTelegramCall(call));
});
openai.onCall((call) => out(summarizeOpenAICall(call)));
instagram.onCall((call) => out(summarizeInstagramCall(call)));

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  out(`\n${signal}: closing the stand-ins`);
  const forced = setTimeout(() => process.exit(1), 5_000);
  forced.unref();
  await standIns.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
