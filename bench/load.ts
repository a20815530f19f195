import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { LatencyRecorder, round, type LatencySummary } from './stats.ts';

/**
 * A small keep-alive HTTP load generator on loopback. Closed loop: `connections` workers, each
 * sending its next request when the previous answer has arrived, for a fixed time. Open loop:
 * requests start on a fixed schedule (`ratePerSecond`), whatever the answers do, bounded by
 * `maxInFlight`. Both record every latency and count statuses into a `Tally` (the warm-up's
 * are discarded); several runs may add to one tally, so a figure and its baseline can be
 * measured in alternating rounds and stay comparable while the machine's other load changes.
 */
export interface RequestSpec {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface Answer {
  readonly status: number;
  /** The body, only when the load asked for it (`wantBody`). */
  readonly body: string | null;
}

export interface LoadTarget {
  readonly host: string;
  readonly port: number;
  /** CPU time the server process has used so far (ms): measured runs report CPU per request. */
  readonly cpuMs?: () => number | null;
}

export interface LoadResult {
  readonly requests: number;
  readonly seconds: number;
  readonly perSecond: number;
  readonly latency: LatencySummary;
  /** Count per HTTP status (`"200"`, `"429"`…) and `"error"` for failed connections. */
  readonly statuses: Readonly<Record<string, number>>;
  readonly serverErrors: number;
  /** Server CPU time per request (ms), for closed-loop runs against a target that reports it. */
  readonly serverCpuMsPerRequest: number | null;
}

/** What one or more runs measured; `result()` summarises it. */
export class Tally {
  readonly recorder = new LatencyRecorder();
  readonly statuses: Record<string, number> = {};
  elapsedMs = 0;
  serverCpuMs: number | null = null;

  result(): LoadResult {
    const latency = this.recorder.summary();
    const serverErrors = Object.entries(this.statuses)
      .filter(([status]) => /^5\d\d$/.test(status))
      .reduce((sum, [, count]) => sum + count, 0);
    return {
      requests: latency.count,
      seconds: round(this.elapsedMs / 1000),
      perSecond: this.elapsedMs > 0 ? round(latency.count / (this.elapsedMs / 1000), 1) : 0,
      latency,
      statuses: { ...this.statuses },
      serverErrors,
      serverCpuMsPerRequest: this.serverCpuMs !== null && latency.count > 0 ? round(this.serverCpuMs / latency.count, 3) : null,
    };
  }
}

export interface ClosedLoopOptions {
  readonly target: LoadTarget;
  readonly connections: number;
  readonly durationMs: number;
  readonly warmupMs?: number;
  /** The next request of `worker` (0-based). */
  readonly next: (worker: number) => RequestSpec;
  readonly wantBody?: boolean;
  readonly onAnswer?: (worker: number, answer: Answer) => void;
  /** Add to this tally (default: a new one). */
  readonly tally?: Tally;
}

export async function runClosedLoop(options: ClosedLoopOptions): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections, maxFreeSockets: options.connections });
  const tally = options.tally ?? new Tally();
  try {
    if (options.warmupMs) await closedLoopFor(options, agent, options.warmupMs, new Tally());
    const started = performance.now();
    const cpuBefore = options.target.cpuMs?.() ?? null;
    await closedLoopFor(options, agent, options.durationMs, tally);
    tally.elapsedMs += performance.now() - started;
    const cpuAfter = options.target.cpuMs?.() ?? null;
    if (cpuBefore !== null && cpuAfter !== null) tally.serverCpuMs = (tally.serverCpuMs ?? 0) + cpuAfter - cpuBefore;
    return tally.result();
  } finally {
    agent.destroy();
  }
}

async function closedLoopFor(options: ClosedLoopOptions, agent: http.Agent, durationMs: number, measure: Tally): Promise<void> {
  const until = performance.now() + durationMs;
  const worker = async (index: number) => {
    while (performance.now() < until) {
      const answer = await send(options.target, agent, options.next(index), measure, options.wantBody ?? false);
      if (answer) options.onAnswer?.(index, answer);
    }
  };
  await Promise.all(Array.from({ length: options.connections }, (_, i) => worker(i)));
}

export interface OpenLoopOptions {
  readonly target: LoadTarget;
  readonly ratePerSecond: number;
  readonly durationMs: number;
  /** Requests allowed in flight at once (beyond it, scheduled requests are counted as `skipped`). */
  readonly maxInFlight: number;
  readonly next: (sequence: number) => RequestSpec;
  readonly wantBody?: boolean;
  readonly onAnswer?: (sequence: number, answer: Answer) => void;
  readonly tally?: Tally;
}

export async function runOpenLoop(options: OpenLoopOptions): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.maxInFlight, maxFreeSockets: options.maxInFlight });
  const measure = options.tally ?? new Tally();
  const interval = 1000 / options.ratePerSecond;
  const started = performance.now();
  const pending = new Set<Promise<void>>();
  try {
    for (let sequence = 0; ; sequence += 1) {
      const due = started + sequence * interval;
      if (due >= started + options.durationMs) break;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      if (pending.size >= options.maxInFlight) {
        measure.statuses.skipped = (measure.statuses.skipped ?? 0) + 1;
        continue;
      }
      const task = send(options.target, agent, options.next(sequence), measure, options.wantBody ?? false).then((answer) => {
        if (answer) options.onAnswer?.(sequence, answer);
      });
      pending.add(task);
      void task.finally(() => pending.delete(task));
    }
    await Promise.all(pending);
    measure.elapsedMs += performance.now() - started;
    return measure.result();
  } finally {
    agent.destroy();
  }
}

/** One request; resolves with the answer, or null after counting a connection error. */
function send(target: LoadTarget, agent: http.Agent, spec: RequestSpec, measure: Tally, wantBody: boolean): Promise<Answer | null> {
  return new Promise((resolve) => {
    const started = performance.now();
    const headers: Record<string, string | number> = { ...spec.headers };
    if (spec.body !== undefined) {
      headers['content-type'] ??= 'application/json';
      headers['content-length'] = Buffer.byteLength(spec.body);
    }
    const count = (key: string) => {
      measure.statuses[key] = (measure.statuses[key] ?? 0) + 1;
    };
    const request = http.request({ host: target.host, port: target.port, method: spec.method, path: spec.path, headers, agent }, (response) => {
      const chunks: Buffer[] = [];
      if (wantBody) response.on('data', (chunk: Buffer) => chunks.push(chunk));
      else response.resume();
      response.on('end', () => {
        const status = response.statusCode ?? 0;
        measure.recorder.add(performance.now() - started);
        count(String(status));
        resolve({ status, body: wantBody ? Buffer.concat(chunks).toString('utf8') : null });
      });
      response.on('error', () => {
        count('error');
        resolve(null);
      });
    });
    request.on('error', () => {
      count('error');
      resolve(null);
    });
    request.end(spec.body);
  });
}
