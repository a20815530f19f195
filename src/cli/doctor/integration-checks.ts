import OpenAI from 'openai';
import type { DoctorCheck } from './doctor-check.ts';
import { createInstagramClient } from '../../shared/integrations/instagram/index.ts';
import { redactText } from '../../shared/redact.ts';

const DEADLINE_MS = 10_000;

function reason(error: unknown): string {
  return redactText(error instanceof Error ? error.message : String(error)).slice(0, 200);
}

/** OpenAI: the key (environment or Settings) is accepted and the endpoint answers in time. */
export const openAiCheck: DoctorCheck = {
  name: 'OpenAI',
  async run({ config, settings }) {
    const all = await settings.getAll();
    if (!all['moderation.enabled']) return { ok: true, level: 'warn', detail: 'moderation is switched off (moderation.enabled)' };
    const apiKey = config.openaiApiKey ?? all['openai.apiKey'];
    if (!apiKey) return { ok: true, level: 'warn', detail: 'no API key: every ad goes to manual review with aiVerdict "unavailable"' };
    const client = new OpenAI({ apiKey, baseURL: config.openaiBaseUrl, maxRetries: 0, timeout: DEADLINE_MS });
    try {
      const models = await client.models.list({ signal: AbortSignal.timeout(DEADLINE_MS) });
      const model = all['moderation.model'];
      const known = models.data.some((m) => m.id === model);
      return known
        ? { ok: true, detail: `reachable; model ${model} available` }
        : { ok: true, level: 'warn', detail: `reachable, but model ${model} is not in the account's model list` };
    } catch (error) {
      return { ok: false, detail: `not reachable with the configured key: ${reason(error)}` };
    }
  },
};

/** Instagram: the account and token work, and today's publishing quota. */
export const instagramCheck: DoctorCheck = {
  name: 'Instagram',
  async run({ config, settings }) {
    const all = await settings.getAll();
    if (!all['instagram.enabled']) return { ok: true, level: 'warn', detail: 'not enabled (instagram.enabled)' };
    const userId = all['instagram.userId'];
    const token = all['instagram.accessToken'];
    if (!userId || !token) return { ok: false, detail: 'enabled, but instagram.userId or instagram.accessToken is missing' };
    const client = createInstagramClient({ graphUrl: config.instagramGraphUrl, timeoutMs: DEADLINE_MS, retries: 0 });
    try {
      const me = await client.getMe(token);
      const limit = await client.getPublishingLimit({ token, userId });
      return { ok: true, detail: `@${me.username}: ${limit.quotaUsage}/${limit.quotaTotal} posts used in the last ${Math.round(limit.quotaDurationSeconds / 3600)} h` };
    } catch (error) {
      return { ok: false, detail: `not reachable with the stored token: ${reason(error)}` };
    }
  },
};
