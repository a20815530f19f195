import { describe, it, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import { z } from 'zod';
import { OMNI_CATEGORIES } from './openai/moderation.ts';
import { OPENAI_STAND_IN_KEY, startOpenAIStandIn, type OpenAIStandIn } from './openai/openai-stand-in.ts';

const VERDICT_SCHEMA = {
  type: 'object',
  properties: {
    verdict: { type: 'string', enum: ['approve', 'reject', 'needs_review'] },
    reason: { type: 'string' },
    suggestedCategory: { anyOf: [{ type: 'string' }, { type: 'null' }] },
  },
  required: ['verdict', 'reason', 'suggestedCategory'],
  additionalProperties: false,
} as const;

const RESPONSE_FORMAT = { type: 'json_schema', json_schema: { name: 'ad_verdict', strict: true, schema: VERDICT_SCHEMA } } as const;

describe('openai stand-in with the real openai SDK', () => {
  let oa: OpenAIStandIn;
  let client: OpenAI;

  before(async () => {
    oa = await startOpenAIStandIn();
    client = new OpenAI({ apiKey: OPENAI_STAND_IN_KEY, baseURL: oa.baseURL, maxRetries: 0, timeout: 5_000 });
  });

  beforeEach(() => oa.reset());

  after(async () => {
    await oa.close();
  });

  it('moderations.create: default not flagged, every omni category present', async () => {
    const response = await client.moderations.create({ model: 'omni-moderation-latest', input: 'Selling a used bicycle, good condition.' });
    assert.match(response.id, /^modr-/);
    assert.equal(response.model, 'omni-moderation-latest');
    const [result] = response.results;
    assert.ok(result);
    assert.equal(result.flagged, false);
    assert.deepEqual(Object.keys(result.categories).sort(), [...OMNI_CATEGORIES].sort());
    assert.deepEqual(Object.keys(result.category_scores).sort(), [...OMNI_CATEGORIES].sort());
    assert.ok(Object.values(result.category_scores).every((s) => s > 0 && s < 0.01));
    assert.deepEqual(result.category_applied_input_types?.violence, ['text']);
  });

  it('moderation verdicts are programmable per input (arrays and images too)', async () => {
    oa.onModeration((input) => (input.text.includes('gun') ? { categories: { 'illicit/violent': true, violence: true }, scores: { violence: 0.97 } } : undefined));
    const response = await client.moderations.create({ model: 'omni-moderation-latest', input: ['a sofa', 'a gun for sale'] });
    assert.deepEqual(response.results.map((r) => r.flagged), [false, true]);
    assert.equal(response.results[1]?.categories['illicit/violent'], true);
    assert.equal(response.results[1]?.category_scores.violence, 0.97);
    assert.equal(response.results[1]?.category_scores['illicit/violent'], 0.9);

    const multimodal = await client.moderations.create({
      model: 'omni-moderation-latest',
      input: [
        { type: 'text', text: 'photo of my car' },
        { type: 'image_url', image_url: { url: 'https://example.com/car.jpg' } },
      ],
    });
    assert.equal(multimodal.results.length, 1);
    assert.deepEqual(multimodal.results[0]?.category_applied_input_types?.violence, ['text', 'image']);
    assert.deepEqual(multimodal.results[0]?.category_applied_input_types?.hate, ['text']);
    assert.equal(oa.calls({ endpoint: 'moderations' }).length, 2);
  });

  it('chat.completions.create with a json_schema response_format: a full chat.completion, default approve verdict', async () => {
    const completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'You screen classified ads.' },
        { role: 'user', content: 'Ad: selling a used bicycle.' },
      ],
      response_format: RESPONSE_FORMAT,
    });
    assert.match(completion.id, /^chatcmpl-/);
    assert.equal(completion.object, 'chat.completion');
    assert.equal(completion.model, 'gpt-4o-mini');
    assert.ok(Math.abs(completion.created - Date.now() / 1000) < 5);
    const [choice] = completion.choices;
    assert.ok(choice);
    assert.equal(choice.index, 0);
    assert.equal(choice.finish_reason, 'stop');
    assert.equal(choice.logprobs, null);
    assert.equal(choice.message.role, 'assistant');
    assert.equal(choice.message.refusal, null);
    const verdict = JSON.parse(choice.message.content ?? '') as Record<string, unknown>;
    assert.equal(verdict.verdict, 'approve');
    assert.equal(typeof verdict.reason, 'string');
    assert.equal(verdict.suggestedCategory, null);
    assert.ok(completion.usage && completion.usage.total_tokens === completion.usage.prompt_tokens + completion.usage.completion_tokens);
    const call = oa.calls({ endpoint: 'chat.completions' })[0];
    assert.equal(call?.authorized, true);
    assert.deepEqual((call?.body.response_format as { json_schema: { name: string } }).json_schema.name, 'ad_verdict');
  });

  it('chat replies are programmable; chat.completions.parse with a zod schema parses them', async () => {
    oa.onChat((request) =>
      request.userText.includes('pistol')
        ? { content: { verdict: 'reject', reason: 'Weapons are not allowed.', suggestedCategory: null } }
        : { content: { verdict: 'approve', reason: 'fine', suggestedCategory: 'vehicles' } },
    );
    const Verdict = z.object({ verdict: z.enum(['approve', 'reject', 'needs_review']), reason: z.string(), suggestedCategory: z.string().nullable() });
    const parsed = await client.chat.completions.parse({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Ad: pistol, barely used' }],
      response_format: zodResponseFormat(Verdict, 'ad_verdict'),
    });
    assert.deepEqual(parsed.choices[0]?.message.parsed, { verdict: 'reject', reason: 'Weapons are not allowed.', suggestedCategory: null });
    const other = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Ad: car' }], response_format: RESPONSE_FORMAT });
    assert.equal(JSON.parse(other.choices[0]?.message.content ?? '{}').suggestedCategory, 'vehicles');
  });

  it('429 → RateLimitError; with retries the SDK honours retry-after and succeeds', async () => {
    oa.inject({ endpoint: 'chat.completions', fault: { kind: 'status', status: 429, retryAfter: 1 }, times: 1 });
    await assert.rejects(
      client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] }),
      (error: unknown) => {
        assert.ok(error instanceof OpenAI.RateLimitError);
        assert.equal(error.status, 429);
        assert.equal(error.code, 'rate_limit_exceeded');
        assert.equal(error.type, 'requests');
        assert.equal(error.headers?.get('retry-after'), '1');
        return true;
      },
    );
    oa.inject({ endpoint: 'chat.completions', fault: { kind: 'status', status: 429, retryAfter: 1 }, times: 1 });
    const retrying = new OpenAI({ apiKey: OPENAI_STAND_IN_KEY, baseURL: oa.baseURL, maxRetries: 1, timeout: 5_000 });
    const started = Date.now();
    const completion = await retrying.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] });
    assert.equal(completion.choices[0]?.message.content, 'OK');
    assert.ok(Date.now() - started >= 950, 'waited for retry-after');
    assert.deepEqual(oa.calls({ endpoint: 'chat.completions' }).slice(-2).map((c) => [c.retryCount, c.response?.status]), [[0, 429], [1, 200]]);
  });

  it('500 → InternalServerError; hang → APIConnectionTimeoutError, or APIUserAbortError when the caller aborts', async () => {
    oa.inject({ endpoint: 'moderations', fault: { kind: 'status', status: 500 }, times: 1 });
    await assert.rejects(client.moderations.create({ input: 'x' }), (e: unknown) => e instanceof OpenAI.InternalServerError && e.status === 500);

    oa.inject({ endpoint: 'moderations', fault: 'hang' });
    const impatient = new OpenAI({ apiKey: OPENAI_STAND_IN_KEY, baseURL: oa.baseURL, maxRetries: 0, timeout: 300 });
    await assert.rejects(impatient.moderations.create({ input: 'x' }), (e: unknown) => e instanceof OpenAI.APIConnectionTimeoutError);
    await assert.rejects(
      client.moderations.create({ input: 'x' }, { signal: AbortSignal.timeout(200) }),
      (e: unknown) => e instanceof OpenAI.APIUserAbortError,
    );
    oa.clearFaults();
    oa.inject({ endpoint: 'moderations', fault: { kind: 'malformed', status: 502 }, times: 1 });
    await assert.rejects(client.moderations.create({ input: 'x' }), (e: unknown) => e instanceof OpenAI.InternalServerError && e.status === 502);
  });

  it('wrong or missing key → AuthenticationError (invalid_api_key); the key is masked', async () => {
    const wrong = new OpenAI({ apiKey: 'sk-wrong-key-0000000000001234', baseURL: oa.baseURL, maxRetries: 0 });
    await assert.rejects(wrong.moderations.create({ input: 'x' }), (error: unknown) => {
      assert.ok(error instanceof OpenAI.AuthenticationError);
      assert.equal(error.code, 'invalid_api_key');
      assert.match(error.message, /Incorrect API key provided: sk-\*+1234/);
      assert.doesNotMatch(error.message, /wrong-key/);
      return true;
    });
    assert.equal(oa.calls().at(-1)?.authorized, false);
    const missing = await fetch(`${oa.baseURL}/moderations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"input":"x"}' });
    assert.equal(missing.status, 401);
    const body = (await missing.json()) as { error: { message: string; code: string | null } };
    assert.match(body.error.message, /^You didn't provide an API key/);
    assert.equal(body.error.code, null);
  });

  it('broken completions: invalid JSON content, refusal, truncated output', async () => {
    const ask = () => client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }], response_format: RESPONSE_FORMAT });
    oa.inject({ endpoint: 'chat.completions', fault: { kind: 'invalid_json_content' }, times: 1 });
    const invalid = await ask();
    assert.equal(invalid.choices[0]?.finish_reason, 'stop');
    assert.throws(() => JSON.parse(invalid.choices[0]?.message.content ?? ''), SyntaxError);

    oa.inject({ endpoint: 'chat.completions', fault: { kind: 'refusal', refusal: 'I cannot assess this.' }, times: 1 });
    const refused = await ask();
    assert.equal(refused.choices[0]?.message.content, null);
    assert.equal(refused.choices[0]?.message.refusal, 'I cannot assess this.');

    oa.inject({ endpoint: 'chat.completions', fault: { kind: 'truncated' }, times: 1 });
    const truncated = await ask();
    assert.equal(truncated.choices[0]?.finish_reason, 'length');
    assert.throws(() => JSON.parse(truncated.choices[0]?.message.content ?? ''), SyntaxError);

    oa.inject({ endpoint: 'chat.completions', fault: { kind: 'quota_exceeded' }, times: 1 });
    await assert.rejects(ask(), (e: unknown) => e instanceof OpenAI.RateLimitError && e.code === 'insufficient_quota');
  });

  it('request validation answers OpenAI-style 400s', async () => {
    await assert.rejects(
      client.chat.completions.create({ model: 'gpt-4o-mini', messages: [] }),
      (e: unknown) => e instanceof OpenAI.BadRequestError && e.param === 'messages',
    );
    await assert.rejects(
      client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }], response_format: { type: 'json_schema', json_schema: {} as never } }),
      (e: unknown) => e instanceof OpenAI.BadRequestError && e.code === 'missing_required_parameter',
    );
  });
});
