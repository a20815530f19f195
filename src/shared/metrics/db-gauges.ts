import { Gauge } from 'prom-client';
import type { Db } from '../db/prisma-types.ts';
import type { Metrics } from './create-metrics.ts';

/** Gauges computed from the database at scrape time: the queue and pipeline as they are now. */
export function registerDbGauges(metrics: Metrics, db: Db): void {
  if (metrics.registry.getSingleMetric('agahi_jobs')) return;
  const registers = [metrics.registry];
  new Gauge({
    name: 'agahi_jobs',
    help: 'Jobs by kind and state',
    labelNames: ['kind', 'state'],
    registers,
    async collect() {
      this.reset();
      const rows = await db.job.groupBy({ by: ['kind', 'status'], _count: { _all: true } });
      for (const row of rows) this.set({ kind: row.kind, state: row.status }, row._count._all);
    },
  });
  new Gauge({
    name: 'agahi_deliveries',
    help: 'Deliveries by channel and status',
    labelNames: ['channel', 'status'],
    registers,
    async collect() {
      this.reset();
      const rows = await db.delivery.groupBy({ by: ['channel', 'status'], _count: { _all: true } });
      for (const row of rows) this.set({ channel: row.channel, status: row.status }, row._count._all);
    },
  });
  new Gauge({
    name: 'agahi_ads',
    help: 'Ads by status',
    labelNames: ['status'],
    registers,
    async collect() {
      this.reset();
      const rows = await db.ad.groupBy({ by: ['status'], where: { shadowed: false }, _count: { _all: true } });
      for (const row of rows) this.set({ status: row.status }, row._count._all);
    },
  });
  new Gauge({
    name: 'agahi_inbox_updates',
    help: 'Telegram inbox rows by status',
    labelNames: ['status'],
    registers,
    async collect() {
      this.reset();
      const rows = await db.inboxUpdate.groupBy({ by: ['status'], _count: { _all: true } });
      for (const row of rows) this.set({ status: row.status }, row._count._all);
    },
  });
}
