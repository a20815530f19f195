import type { DoctorCheck, CheckResult } from './doctor-check.ts';
import { createTelegramApi } from '../../shared/integrations/telegram/create-telegram-api.ts';
import { toTelegramError } from '../../shared/integrations/telegram/telegram-error.ts';
import { webhookUrlFor } from '../../shared/domain/telegram/webhook-endpoint.ts';
import { BOT_ONLINE_WINDOW_MS } from '../../shared/domain/review/bot-presence.ts';

/** Each bot: the token works (getMe), the webhook is where it should be (or absent when polling), the bot process is alive. */
export const botsCheck: DoctorCheck = {
  name: 'bots',
  async run(runtime) {
    const bots = await runtime.database.db.telegramBot.findMany({ orderBy: { id: 'asc' } });
    if (bots.length === 0) return { ok: true, level: 'warn', detail: 'no bot yet (npm run cli -- bot:add --token <token>)' };
    const results: CheckResult[] = [];
    for (const bot of bots) {
      const label = `#${bot.id} ${bot.username ? `@${bot.username}` : bot.name} (${bot.mode}${bot.enabled ? '' : ', disabled'})`;
      if (!bot.enabled) {
        results.push({ ok: true, level: 'warn', detail: `${label}: disabled` });
        continue;
      }
      let token: string;
      try {
        token = runtime.secretBox.decrypt(bot.tokenEncrypted);
      } catch {
        results.push({ ok: false, detail: `${label}: the stored token cannot be decrypted (was APP_SECRET changed?)` });
        continue;
      }
      const api = createTelegramApi(token, { apiRoot: runtime.config.telegramApiRoot, throttle: false, maxRetryAttempts: 0, timeoutSeconds: 10 });
      try {
        const [me, hook] = [await api.getMe(), await api.getWebhookInfo()];
        const problems: string[] = [];
        const warnings: string[] = [];
        if (bot.mode === 'webhook') {
          const expected = await webhookUrlFor(runtime, bot.id);
          if (hook.url !== expected) problems.push(`webhook is ${hook.url ? hook.url : 'not set'}, expected ${expected}`);
        } else if (hook.url) {
          warnings.push(`a webhook is set (${hook.url}); the bot process removes it when polling starts`);
        }
        if (hook.last_error_message && hook.last_error_date && Date.now() / 1000 - hook.last_error_date < 3600) {
          warnings.push(`Telegram's last delivery error: ${hook.last_error_message}`);
        }
        if (hook.pending_update_count > 100) warnings.push(`${hook.pending_update_count} updates waiting at Telegram`);
        if (bot.status === 'error') problems.push(`status error: ${bot.lastError ?? 'unknown'}`);
        if (!bot.heartbeatAt || Date.now() - bot.heartbeatAt.getTime() > BOT_ONLINE_WINDOW_MS) warnings.push('no recent heartbeat (is the bot process running?)');
        const detail = `${label}: getMe ok (@${me.username})${[...problems, ...warnings].map((p) => `; ${p}`).join('')}`;
        results.push(problems.length ? { ok: false, detail } : warnings.length ? { ok: true, level: 'warn', detail } : { ok: true, detail });
      } catch (error) {
        results.push({ ok: false, detail: `${label}: ${toTelegramError(error).description}` });
      }
    }
    return results;
  },
};

/** Updates waiting in the inbox, and updates that failed for good recently. */
export const inboxCheck: DoctorCheck = {
  name: 'telegram inbox',
  async run({ database }) {
    const { db } = database;
    const [pending, oldest, failed] = await Promise.all([
      db.inboxUpdate.count({ where: { status: { in: ['pending', 'processing'] } } }),
      db.inboxUpdate.findFirst({ where: { status: { in: ['pending', 'processing'] } }, orderBy: { id: 'asc' }, select: { receivedAt: true } }),
      db.inboxUpdate.count({ where: { status: 'failed', handledAt: { gt: new Date(Date.now() - 24 * 3600_000) } } }),
    ]);
    const ageSeconds = oldest ? Math.round((Date.now() - oldest.receivedAt.getTime()) / 1000) : 0;
    const detail = `${pending} waiting${pending ? ` (oldest ${ageSeconds}s)` : ''}, ${failed} failed in the last 24 h`;
    return pending && ageSeconds > 60 ? { ok: true, level: 'warn', detail: `${detail}: is the bot process running?` } : failed ? { ok: true, level: 'warn', detail } : { ok: true, detail };
  },
};
