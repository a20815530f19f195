import OpenAI from 'openai';
import { callWithinDeadline } from '../../integrations/openai/call-within-deadline.ts';
import { buildPolicyRequest, parsePolicyReply, type PolicyVerdict } from './policy-prompt.ts';

export const MODERATION_MODEL = 'omni-moderation-latest';

export type AiVerdict = PolicyVerdict | 'unavailable';

/** What pre-screening concluded about one ad; always produced, never thrown. */
export interface ScreeningOutcome {
  readonly verdict: AiVerdict;
  readonly reason: string;
  readonly flagged: boolean;
  readonly categories: Record<string, boolean> | null;
  readonly scores: Record<string, number> | null;
  readonly suggestedCategory: string | null;
  readonly model: string | null;
  readonly latencyMs: number;
}

export interface ScreenInput {
  readonly content: string;
  readonly category: string | null;
  readonly categorySlugs: readonly string[];
  readonly apiKey: string;
  readonly baseURL: string | undefined;
  readonly model: string;
  readonly policy: string;
  readonly staffLanguage: 'fa' | 'en';
  readonly timeoutMs: number;
}

/**
 * Both signals — the moderation endpoint and the policy check — run in parallel under ONE
 * overall deadline enforced with an AbortController passed to every call. Whatever happens
 * (hang, 429, 5xx, refusal, unreadable JSON), the result comes back by the deadline.
 */
export async function screenAd(input: ScreenInput, now: () => number = Date.now): Promise<ScreeningOutcome> {
  const started = now();
  const deadlineAt = started + input.timeoutMs;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error('moderation deadline')), input.timeoutMs);
  const client = new OpenAI({ apiKey: input.apiKey, baseURL: input.baseURL, maxRetries: 0, timeout: input.timeoutMs });
  try {
    const options = { signal: controller.signal, deadlineAt, now };
    const [moderation, policy] = await Promise.all([
      callWithinDeadline((signal) => client.moderations.create({ model: MODERATION_MODEL, input: input.content }, { signal }), options),
      callWithinDeadline(
        (signal) => client.chat.completions.create(buildPolicyRequest({ ...input }), { signal, timeout: Math.max(1, deadlineAt - now()) }),
        options,
      ),
    ]);
    const mod = moderation.ok ? moderation.value.results[0] : undefined;
    const flagged = mod?.flagged ?? false;
    const categories = mod ? (mod.categories as unknown as Record<string, boolean>) : null;
    const scores = mod ? (mod.category_scores as unknown as Record<string, number>) : null;
    const reasons: string[] = [];
    if (!moderation.ok) reasons.push(`moderation endpoint: ${moderation.failure.reason}`);

    let verdict: AiVerdict = 'unavailable';
    let suggestedCategory: string | null = null;
    if (policy.ok) {
      const message = policy.value.choices[0]?.message;
      if (message?.refusal) reasons.push(`policy check: the model refused (${message.refusal.slice(0, 200)})`);
      else {
        const reply = parsePolicyReply(message?.content, input.categorySlugs);
        if (reply) {
          verdict = reply.verdict;
          suggestedCategory = reply.suggestedCategory;
          if (reply.reason) reasons.unshift(reply.reason);
        } else reasons.push('policy check: unreadable reply (not the promised JSON)');
      }
    } else reasons.push(`policy check: ${policy.failure.reason}`);

    if (flagged) {
      const hits = Object.entries(categories ?? {}).filter(([, hit]) => hit).map(([name]) => name);
      reasons.unshift(`flagged by the moderation endpoint: ${hits.join(', ') || 'unspecified'}`);
      if (verdict !== 'reject') verdict = 'reject';
    }
    return {
      verdict,
      reason: reasons.join('; ').slice(0, 1000),
      flagged,
      categories,
      scores,
      suggestedCategory,
      model: policy.ok ? input.model : moderation.ok ? MODERATION_MODEL : null,
      latencyMs: now() - started,
    };
  } finally {
    clearTimeout(timer);
  }
}

/** The outcome when no call is made at all (no key, moderation disabled). */
export function unavailableOutcome(reason: string): ScreeningOutcome {
  return { verdict: 'unavailable', reason, flagged: false, categories: null, scores: null, suggestedCategory: null, model: null, latencyMs: 0 };
}
