import type { AppConfig } from '../config/app-config.ts';
import { createLogger, type Logger } from '../logger.ts';
import { createDatabase, type Database } from '../db/create-db.ts';
import { createJobQueue, type JobQueue } from '../db/job-queue.ts';
import { createSecretBox, type SecretBox } from '../crypto/secret-box.ts';
import { createSettingsService, type SettingsService } from '../domain/settings/settings-service.ts';
import { createMetrics, type Metrics } from '../metrics/create-metrics.ts';

/** What every process (web, bot, CLI) is built from; each main.ts adds its own parts. */
export interface Runtime {
  readonly config: AppConfig;
  readonly logger: Logger;
  readonly database: Database;
  readonly jobs: JobQueue;
  readonly secretBox: SecretBox;
  readonly settings: SettingsService;
  readonly metrics: Metrics;
}

export function createRuntime(config: AppConfig, options: { name: string; logger?: Logger }): Runtime {
  const logger = options.logger ?? createLogger({ level: config.logLevel, name: options.name });
  const metrics = createMetrics(options.name, { defaultMetrics: options.name !== 'cli' });
  const database = createDatabase({ url: config.databaseUrl, onLockWait: (seconds) => metrics.lockWait.observe(seconds) });
  const secretBox = createSecretBox(config.appSecret);
  return {
    config,
    logger,
    database,
    jobs: createJobQueue({ db: database.db, provider: database.provider }),
    secretBox,
    settings: createSettingsService({ db: database.db, secretBox }),
    metrics,
  };
}
