import http from 'node:http';
import { loadConfig } from '../shared/config/load-config.ts';
import { createRuntime } from '../shared/runtime/create-runtime.ts';
import { exitOnStartupError } from '../shared/runtime/fatal.ts';
import { migrateDatabase } from '../shared/db/migrate.ts';
import { createLifecycle, installSignalHandlers, signalReady } from '../shared/lifecycle.ts';
import { createWebApp } from './compose-web-app.ts';

/** The web process: admin panel, staff and partner APIs, Telegram webhooks, media, health. */
export async function startWeb(options: { port?: number; host?: string } = {}) {
  const config = loadConfig();
  await migrateDatabase(config.databaseUrl);
  const runtime = createRuntime(config, { name: 'web' });
  const lifecycle = createLifecycle((message, error) => runtime.logger.error({ msg: message, err: error }), (message) => runtime.logger.info({ msg: message }));
  lifecycle.onShutdown('database', () => runtime.database.close());
  const app = createWebApp(runtime);
  const server = http.createServer(app);
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? config.port, options.host ?? config.host, resolve);
  });
  lifecycle.onShutdown('http server', () => new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), 5_000).unref();
  }));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  runtime.logger.info({ msg: 'web listening', url: `http://${config.host}:${port}` });
  return { runtime, lifecycle, server, port };
}

/** The whole web process: start, then stop cleanly on SIGINT/SIGTERM (npm run web, PM2, Passenger). */
export function runWebProcess(): void {
  startWeb()
    .then(({ lifecycle }) => {
      installSignalHandlers(lifecycle);
      signalReady();
    })
    .catch(exitOnStartupError);
}

if (import.meta.url === `file://${process.argv[1]}`) runWebProcess();
