import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createConfig } from '../../src/shared/config/create-config.ts';
import type { AppConfig } from '../../src/shared/config/app-config.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { createJobQueue } from '../../src/shared/db/job-queue.ts';
import { createSecretBox } from '../../src/shared/crypto/secret-box.ts';
import { createSettingsService } from '../../src/shared/domain/settings/settings-service.ts';
import type { Runtime } from '../../src/shared/runtime/create-runtime.ts';
import type { DatabaseProvider } from '../../src/shared/db/create-db.ts';
import { createWebApp } from '../../src/admin/compose-web-app.ts';
import { createMetrics } from '../../src/shared/metrics/create-metrics.ts';
import { createTestDatabase, type TestDatabase } from './databases.ts';

/**
 * A Runtime on a fresh, migrated, seeded test database (SQLite file or PostgreSQL database),
 * built exactly as the processes build theirs. `env` overrides configuration variables.
 */
export interface TestRuntime extends Runtime {
  readonly testDb: TestDatabase;
  close(): Promise<void>;
}

export async function createTestRuntime(provider: DatabaseProvider, env: Record<string, string> = {}, options: { poolSize?: number } = {}): Promise<TestRuntime> {
  const testDb = await createTestDatabase(provider, options);
  const config: AppConfig = createConfig(
    { APP_SECRET: crypto.randomBytes(32).toString('hex'), LOG_LEVEL: 'silent', MEDIA_URL_CHECK: 'off', ...env, DATABASE_URL: testDb.url },
    { cwd: testDb.dir, version: '0.0.0-test' },
  );
  const logger = createLogger({ level: config.logLevel });
  const secretBox = createSecretBox(config.appSecret);
  return {
    config,
    logger,
    database: testDb,
    jobs: createJobQueue({ db: testDb.db, provider: testDb.provider }),
    secretBox,
    settings: createSettingsService({ db: testDb.db, secretBox }),
    metrics: createMetrics('test', { defaultMetrics: false }),
    testDb,
    close: () => testDb.drop(),
  };
}

export interface TestServer {
  readonly url: string;
  close(): Promise<void>;
}

/** The real web app on a random loopback port. */
export async function startTestWebServer(runtime: Runtime): Promise<TestServer> {
  const server = http.createServer(createWebApp(runtime));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
