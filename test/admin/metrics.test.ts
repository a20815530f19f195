import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestRuntime, startTestWebServer, type TestRuntime, type TestServer } from '../helpers/test-runtime.ts';
import { createMetrics } from '../../src/shared/metrics/create-metrics.ts';
import { startMetricsSnapshots } from '../../src/shared/metrics/metrics-snapshot.ts';

describe('/metrics', () => {
  let runtime: TestRuntime;
  let server: TestServer;
  before(async () => {
    runtime = await createTestRuntime('sqlite');
    server = await startTestWebServer(runtime);
  });
  after(async () => {
    await server.close();
    await runtime.close();
  });

  it('serves Prometheus text with queue gauges, request timings and the bot process snapshot', async () => {
    await runtime.database.db.job.create({ data: { kind: 'moderate' } });
    const bot = createMetrics('bot', { defaultMetrics: false });
    bot.jobsFinished.inc({ kind: 'deliver', outcome: 'done' }, 3);
    const stopSnapshots = startMetricsSnapshots(runtime.database.db, bot, 'bot', 60_000);
    await stopSnapshots();
    await fetch(`${server.url}/healthz`);

    const res = await fetch(`${server.url}/metrics`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/plain/);
    const text = await res.text();
    assert.match(text, /agahi_jobs\{kind="moderate",state="queued",process="test"\} 1/);
    assert.match(text, /agahi_jobs_finished_total\{kind="deliver",outcome="done",process="bot"\} 3/);
    assert.match(text, /agahi_http_request_duration_seconds_count\{method="GET",route="\/healthz",status="200",process="test"\} 1/);
  });

  it('is not served to requests that came through a proxy', async () => {
    const res = await fetch(`${server.url}/metrics`, { headers: { 'X-Forwarded-For': '203.0.113.9' } });
    assert.notEqual(res.status, 200);
  });
});
