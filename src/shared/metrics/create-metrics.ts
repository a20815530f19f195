import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The metrics of one process (prom-client). Created once per process and passed down in the
 * Runtime; the bot process's metrics reach /metrics through a snapshot (metrics-snapshot.ts).
 */
export interface Metrics {
  readonly registry: Registry;
  readonly updatesReceived: Counter<'transport'>;
  readonly updatesProcessed: Counter<'outcome'>;
  readonly updatesDeduped: Counter<'transport'>;
  readonly jobsFinished: Counter<'kind' | 'outcome'>;
  readonly jobDuration: Histogram<'kind'>;
  readonly moderationLatency: Histogram<'verdict'>;
  readonly deliveryLatency: Histogram<'channel' | 'outcome'>;
  readonly lockWait: Histogram<never>;
  readonly externalErrors: Counter<'service' | 'code'>;
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
}

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 60];

export function createMetrics(processName: string, options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels({ process: processName });
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'agahi_' });
  const counter = <L extends string>(name: string, help: string, labelNames: L[]) => new Counter<L>({ name, help, labelNames, registers: [registry] });
  const histogram = <L extends string>(name: string, help: string, labelNames: L[], buckets = SECONDS) =>
    new Histogram<L>({ name, help, labelNames, buckets, registers: [registry] });
  return {
    registry,
    updatesReceived: counter('agahi_updates_received_total', 'Telegram updates recorded in the inbox', ['transport']),
    updatesProcessed: counter('agahi_updates_processed_total', 'Telegram updates handled from the inbox', ['outcome']),
    updatesDeduped: counter('agahi_updates_deduped_total', 'Telegram updates received again and ignored', ['transport']),
    jobsFinished: counter('agahi_jobs_finished_total', 'Jobs finished by the worker', ['kind', 'outcome']),
    jobDuration: histogram('agahi_job_duration_seconds', 'Time to run one job attempt', ['kind']),
    moderationLatency: histogram('agahi_moderation_latency_seconds', 'Time for one moderation decision', ['verdict']),
    deliveryLatency: histogram('agahi_delivery_latency_seconds', 'Time for one delivery attempt', ['channel', 'outcome']),
    lockWait: histogram('agahi_db_lock_wait_seconds', 'Time a query waited for the SQLite connection lock', [], [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 15]),
    externalErrors: counter('agahi_external_errors_total', 'Errors from Telegram, Instagram, OpenAI and partner webhooks', ['service', 'code']),
    httpDuration: histogram('agahi_http_request_duration_seconds', 'Web request duration', ['method', 'route', 'status']),
  };
}
