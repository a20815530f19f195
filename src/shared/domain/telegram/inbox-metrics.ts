import type { Metrics } from '../../metrics/create-metrics.ts';

/**
 * Counters of the update inbox in this process: updates received per transport, duplicates
 * ignored, updates dropped by the flood limit, and handling outcomes in the bot process.
 * Forwarded to the process's Prometheus counters when given; `snapshot()` reads them back.
 */
export type UpdateSource = 'webhook' | 'polling';
export type HandlingOutcome = 'done' | 'retry' | 'failed';

export interface InboxMetrics {
  received(source: UpdateSource, count: number): void;
  deduped(source: UpdateSource, count: number): void;
  flooded(source: UpdateSource, count: number): void;
  handled(outcome: HandlingOutcome): void;
  snapshot(): InboxMetricsSnapshot;
}

export interface InboxMetricsSnapshot {
  readonly received: number;
  readonly deduped: number;
  readonly flooded: number;
  readonly processed: number;
  readonly retried: number;
  readonly failed: number;
}

type InboxCounters = Pick<Metrics, 'updatesReceived' | 'updatesDeduped' | 'updatesProcessed'>;

export function createInboxMetrics(prometheus?: InboxCounters): InboxMetrics {
  const counts = { received: 0, deduped: 0, flooded: 0, processed: 0, retried: 0, failed: 0 };
  return {
    received(source, count) {
      counts.received += count;
      prometheus?.updatesReceived.inc({ transport: source }, count);
    },
    deduped(source, count) {
      counts.deduped += count;
      prometheus?.updatesDeduped.inc({ transport: source }, count);
    },
    flooded(_source, count) {
      counts.flooded += count;
      prometheus?.updatesProcessed.inc({ outcome: 'flood' }, count);
    },
    handled(outcome) {
      if (outcome === 'done') counts.processed += 1;
      else if (outcome === 'retry') counts.retried += 1;
      else counts.failed += 1;
      prometheus?.updatesProcessed.inc({ outcome });
    },
    snapshot: () => ({ ...counts }),
  };
}
