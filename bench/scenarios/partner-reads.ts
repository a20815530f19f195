import type { Fixture } from '../fixture.ts';
import { runClosedLoop, runOpenLoop, Tally, type Answer, type LoadResult, type LoadTarget, type RequestSpec } from '../load.ts';

/**
 * Partner reads: `GET /api/v1/ads` on `connections` keep-alive connections, each paging through
 * the newest approved ads (first page, then up to `pagesPerWalk - 1` more by `nextCursor`,
 * then from the top again), while `POST /api/v1/submit` writes `submitsPerSecond` new ads; in
 * `rounds` that alternate with hello-world `GET /` on as many connections.
 *
 * The partner API also limits each client IP (120/min). The web process trusts loopback
 * proxies (`trust proxy: 'loopback'`), so, as behind a real reverse proxy, the client address is
 * the `X-Forwarded-For` the load sets: a different one for every request, as if many partner
 * servers called. The key's own limit is the highest the product allows (100,000/min).
 */
export interface PartnerReadOptions {
  readonly connections: number;
  /** Measured time per round, for the figure and for its baseline each. */
  readonly roundMs: number;
  readonly rounds: number;
  readonly warmupMs: number;
  readonly submitsPerSecond: number;
  readonly pagesPerWalk: number;
}

export interface PartnerReadResult {
  readonly reads: LoadResult;
  readonly submits: LoadResult;
  /** The baseline: hello-world `GET /` on as many connections, in rounds alternating with the reads. */
  readonly helloWorld: LoadResult;
}

let clientAddress = 0;
function nextForwardedFor(): string {
  clientAddress = (clientAddress + 1) % 16_000_000;
  return `10.${(clientAddress >> 16) & 255}.${(clientAddress >> 8) & 255}.${clientAddress & 255}`;
}

export async function measurePartnerReads(fx: Fixture, web: LoadTarget, hello: LoadTarget, options: PartnerReadOptions): Promise<PartnerReadResult> {
  const cursors = new Map<number, { cursor: string | null; page: number }>();
  const headers = () => ({ 'x-api-key': fx.partnerKey, 'x-forwarded-for': nextForwardedFor() });
  const reads = new Tally();
  const submits = new Tally();
  const helloWorld = new Tally();
  let sequence = 0;
  const submit = (): RequestSpec => {
    const n = sequence++;
    return {
      method: 'POST',
      path: '/api/v1/submit',
      headers: headers(),
      body: JSON.stringify({
        content: `Partner listing ${n}: bright two-room flat near the park, 85 m², third floor with a lift. Monthly rent, fair deposit.`,
        category: 'rent',
        contact: { phone: `+98912${String(3_000_000 + n).padStart(7, '0')}` },
        externalId: `bench-${n}`,
      }),
    };
  };
  const read = (worker: number): RequestSpec => {
    const walk = cursors.get(worker);
    const cursor = walk?.cursor ? `?cursor=${encodeURIComponent(walk.cursor)}` : '';
    return { method: 'GET', path: `/api/v1/ads${cursor}`, headers: headers() };
  };
  const onAnswer = (worker: number, answer: Answer) => {
    const walk = cursors.get(worker) ?? { cursor: null, page: 0 };
    let next: string | null = null;
    if (answer.status === 200 && answer.body) next = (JSON.parse(answer.body) as { nextCursor: string | null }).nextCursor;
    const page = walk.page + 1;
    cursors.set(worker, page < options.pagesPerWalk && next ? { cursor: next, page } : { cursor: null, page: 0 });
  };

  for (let round = 0; round < options.rounds; round += 1) {
    const warmupMs = round === 0 ? options.warmupMs : 0;
    await runClosedLoop({ target: hello, connections: options.connections, durationMs: options.roundMs, warmupMs, next: () => ({ method: 'GET', path: '/' }), tally: helloWorld });
    const readsDone = runClosedLoop({ target: web, connections: options.connections, durationMs: options.roundMs, warmupMs, wantBody: true, next: read, onAnswer, tally: reads });
    // The writes run while the reads are measured (after the reads' warm-up), for as long.
    await new Promise((resolve) => setTimeout(resolve, warmupMs));
    await runOpenLoop({ target: web, ratePerSecond: options.submitsPerSecond, durationMs: options.roundMs, maxInFlight: 64, next: submit, tally: submits });
    await readsDone;
  }
  return { reads: reads.result(), submits: submits.result(), helloWorld: helloWorld.result() };
}
