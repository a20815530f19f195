import { AggregatorRegistry } from 'prom-client';
import type { Db } from '../db/prisma-types.ts';
import type { Metrics } from './create-metrics.ts';

/** The bot process saves its metrics every interval; the web process serves them with its own. */
export function startMetricsSnapshots(db: Db, metrics: Metrics, processName: string, intervalMs = 15_000): () => Promise<void> {
  const save = async () => {
    const json = JSON.stringify(await metrics.registry.getMetricsAsJSON());
    await db.metricsSnapshot.upsert({ where: { process: processName }, create: { process: processName, json }, update: { json } });
  };
  const timer = setInterval(() => void save().catch(() => undefined), intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await save().catch(() => undefined);
  };
}

/** Prometheus text of this process plus every saved snapshot younger than maxAgeMs. */
export async function renderAllMetrics(db: Db, metrics: Metrics, maxAgeMs = 5 * 60_000): Promise<{ contentType: string; body: string }> {
  const snapshots = await db.metricsSnapshot.findMany({ where: { updatedAt: { gt: new Date(Date.now() - maxAgeMs) } } });
  const own = await metrics.registry.getMetricsAsJSON();
  const others = snapshots.map((s) => JSON.parse(s.json) as typeof own);
  // Each process carries its own `process` label, so aggregation keeps their series apart.
  const merged = AggregatorRegistry.aggregate([own, ...others]);
  return { contentType: merged.contentType, body: await merged.metrics() };
}
