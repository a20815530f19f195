import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testProviders } from '../../helpers/databases.ts';
import { errorShapeOf, startPartnerApi, type Partner, type PartnerApiFixture } from './partner-api-fixture.ts';

const CASES = 300;
const SEED = 0x5eed_2024;
const PARALLEL = 8;

/** mulberry32: a small seeded PRNG, so a failing case can be replayed from its number. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface FuzzCase {
  readonly body: string;
  readonly contentType: string | null;
  readonly label: string;
}

function generator(random: () => number) {
  const int = (max: number) => Math.floor(random() * max);
  const pick = <T,>(items: readonly T[]): T => items[int(items.length)] as T;
  /** Mostly short, sometimes around and beyond the 64 KiB limit. */
  const length = () => (random() < 0.85 ? int(40) : random() < 0.5 ? int(2_000) : 30_000 + int(50_000));
  const pools: Array<() => string> = [
    () => String.fromCharCode(32 + int(95)),
    () => String.fromCharCode(0x0600 + int(0x100)),
    () => pick(['آ', 'ی', 'ک', '۰', '۹', '\u200c', '\u202e', '\u200f', '\ufeff', '\uffff', '\ufffd']),
    () => String.fromCodePoint(0x1f300 + int(0x300)),
    () => String.fromCharCode(int(0x20)),
    () => String.fromCharCode(0x7f + int(0x21)),
    () => String.fromCharCode(0xd800 + int(0x800)),
    () => pick(['"', '\\', '{', '}', '[', ']', ',', ':', '\n', '\r', '\t', ' ']),
  ];
  const text = (n = length()) => {
    let out = '';
    const pool = pick(pools);
    // Long strings repeat a random 512-character chunk: as hostile, far cheaper to make.
    for (let i = 0; i < Math.min(n, 512); i += 1) out += random() < 0.8 ? pool() : pick(pools)();
    return n > 512 ? out.repeat(Math.ceil(n / 512)).slice(0, n) : out;
  };
  /** Text a real partner might send: Latin, Persian, emoji, joiners and line breaks. */
  const cleanText = (n: number) => {
    let out = '';
    for (let i = 0; i < n; i += 1) out += pick([pools[0], pools[1], pools[3], () => pick(['\u200c', '\n', ' ', 'ی', '۵'])])?.() ?? '';
    return out;
  };
  const scalar = (): unknown =>
    pick<() => unknown>([
      () => null,
      () => random() < 0.5,
      () => int(1_000_000) - 500_000,
      () => pick([0, -0, 1e308, -1e-308, 2 ** 53 + 1, 0.1]),
      () => text(),
      () => pick(['rent', 'sale', 'RENT', 'no-such', '', ' ', 'a@b.co', '+98 912 345 6789', '09123456789', '__proto__', 'constructor']),
    ])();
  const value = (depth: number): unknown => {
    if (depth <= 0 || random() < 0.4) return scalar();
    if (random() < 0.5) return Array.from({ length: int(5) }, () => value(depth - 1));
    return Object.fromEntries(Array.from({ length: int(5) }, () => [random() < 0.5 ? pick(['content', 'category', 'contact', 'externalId', 'phone', 'email', '__proto__']) : text(int(12)), value(depth - 1)]));
  };
  const nested = (depth: number): string => {
    const open = pick(['[', '{"a":', '{"content":']);
    const close = open === '[' ? ']' : '}';
    return `${open.repeat(depth)}${random() < 0.5 ? '1' : '"x"'}${close.repeat(depth)}`;
  };
  const submission = (): Record<string, unknown> => {
    const body: Record<string, unknown> = { content: random() < 0.5 ? `fuzz ${cleanText(1 + int(400))}` : random() < 0.6 ? `fuzz ${text(1 + int(60))}` : value(2) };
    if (random() < 0.5) body.category = random() < 0.6 ? pick(['rent', 'sale', 'services', 'events', 'job-vacancy', 'other']) : value(1);
    if (random() < 0.4) body.contact = random() < 0.7 ? { phone: random() < 0.5 ? pick(['+98 912 345 6789', '۰۹۱۲۳۴۵۶۷۸۹', '12', text(12)]) : value(1), email: random() < 0.5 ? pick(['a@example.com', 'not-mail', text(8)]) : undefined } : value(2);
    if (random() < 0.4) body.externalId = random() < 0.7 ? `fz-${int(60)}-${random() < 0.5 ? cleanText(int(8)) : text(int(8))}` : value(1);
    if (random() < 0.05) body[text(1 + int(6))] = value(2);
    return body;
  };

  return (n: number): FuzzCase => {
    const kind = int(10);
    const json = (v: unknown, label: string): FuzzCase => ({ body: JSON.stringify(v) ?? 'null', contentType: 'application/json', label });
    switch (kind) {
      case 0:
        return json(value(4), `${n}: random JSON value`);
      case 1:
        return { body: nested(1 + int(random() < 0.5 ? 100 : 20_000)), contentType: 'application/json', label: `${n}: deep nesting` };
      case 2:
        return { body: text(), contentType: 'application/json', label: `${n}: not JSON` };
      case 3: {
        const valid = JSON.stringify(submission());
        return { body: valid.slice(0, int(valid.length)), contentType: 'application/json', label: `${n}: truncated JSON` };
      }
      case 4:
        return { body: JSON.stringify({ content: text(60_000 + int(20_000)) }), contentType: 'application/json', label: `${n}: huge string` };
      case 5:
        return { body: JSON.stringify(submission()), contentType: pick([null, 'text/plain', 'application/json; charset=utf-16', 'application/x-www-form-urlencoded', 'application/vnd.api+json']), label: `${n}: other content type` };
      default:
        return json(submission(), `${n}: mutated submission`);
    }
  };
}

for (const provider of testProviders()) {
  describe(`partner API submit fuzz (${provider})`, () => {
    let api: PartnerApiFixture;
    let partner: Partner;

    before(async () => {
      api = await startPartnerApi(provider);
      partner = await api.newPartner({ rateLimitPerMin: 100_000 });
    });
    after(async () => {
      await api?.close();
    });

    it(`${CASES} random bodies (seed ${SEED}) get only 2xx or 4xx, every 4xx in the error shape`, async (t) => {
      const next = generator(prng(SEED));
      const cases = Array.from({ length: CASES }, (_, n) => next(n));
      const statuses = new Map<number, number>();
      const problems: string[] = [];
      let caller = api.caller(partner.key);
      for (let start = 0; start < cases.length; start += PARALLEL) {
        // A fresh address every 96 requests keeps the per-IP limit out of the way.
        if (start % 96 === 0) caller = api.caller(partner.key);
        const batch = cases.slice(start, start + PARALLEL);
        await Promise.all(
          batch.map(async (c) => {
            const headers: Record<string, string> = c.contentType ? { 'content-type': c.contentType } : {};
            let response;
            try {
              response = await caller.request('/api/v1/submit', { method: 'POST', body: c.body, headers });
            } catch (error) {
              problems.push(`${c.label}: request failed: ${String(error)}`);
              return;
            }
            statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
            if (response.status >= 500 || response.status < 200 || (response.status >= 300 && response.status < 400)) {
              problems.push(`${c.label}: ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`);
            } else if (response.status >= 400) {
              if (!errorShapeOf(response)) problems.push(`${c.label}: ${response.status} not in the error shape: ${String(response.contentType)} ${JSON.stringify(response.body).slice(0, 200)}`);
            } else {
              const body = response.body as { uuid?: unknown; status?: unknown };
              if (typeof body?.uuid !== 'string' || typeof body.status !== 'string') problems.push(`${c.label}: ${response.status} without {uuid, status}`);
            }
          }),
        );
      }
      t.diagnostic(`statuses: ${JSON.stringify([...statuses].sort((a, b) => a[0] - b[0]))}`);
      assert.deepEqual(problems, []);
      for (const expected of [201, 400, 413, 415, 422]) assert.ok(statuses.has(expected), `the fuzz reached ${expected}`);
      // Whatever was accepted was stored intact; the server is still healthy.
      const accepted = await api.runtime.database.db.ad.count({ where: { partnerClientId: partner.id } });
      assert.equal(accepted, statuses.get(201) ?? 0);
      assert.equal((await fetch(`${api.server.url}/healthz`)).status, 200);
    });
  });
}
