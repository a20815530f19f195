// PM2: `npx pm2 start ecosystem.config.js`.
// - web: the Express process. Several instances (cluster mode) only on PostgreSQL; one on SQLite.
//   WEB_INSTANCES sets how many (default 2 on PostgreSQL).
// - LOG_DIR: where PM2 writes the log files (default data/logs).
// - bot: polling, update handling and the job worker — exactly one instance, always.
// Both signal readiness with process.send('ready') (wait_ready) and shut down cleanly on SIGINT
// within kill_timeout (jobs in flight finish or go back to the queue).
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'dotenv';

const root = path.dirname(new URL(import.meta.url).pathname);
const dotenv = fs.existsSync(path.join(root, '.env')) ? parse(fs.readFileSync(path.join(root, '.env'))) : {};
const databaseUrl = process.env.DATABASE_URL ?? dotenv.DATABASE_URL ?? 'file:./data/app.db';
const onPostgres = /^postgres(ql)?:\/\//.test(databaseUrl);
const webInstances = onPostgres ? Number(process.env.WEB_INSTANCES ?? dotenv.WEB_INSTANCES ?? 2) : 1;
const logDir = process.env.LOG_DIR ?? dotenv.LOG_DIR ?? path.join(root, 'data', 'logs');

const common = {
  cwd: root,
  interpreter: 'node',
  wait_ready: true,
  listen_timeout: 30_000,
  kill_timeout: 20_000,
  merge_logs: true,
  time: true,
  env: { NODE_ENV: 'production' },
};

// PM2 imports this ES module and reads its named `apps` export.
export const apps = [
    {
      ...common,
      name: 'web',
      script: 'app.js',
      exec_mode: webInstances > 1 ? 'cluster' : 'fork',
      instances: webInstances,
      // A restart far above the peaks `npm run bench` measures under load (README: Benchmark), so
      // only a leak triggers it: web ≈ 280 MB, bot ≈ 520–600 MB (image rendering).
      max_memory_restart: '450M',
      out_file: path.join(logDir, 'web.out.log'),
      error_file: path.join(logDir, 'web.err.log'),
    },
    {
      ...common,
      name: 'bot',
      script: 'bot.js',
      exec_mode: 'fork',
      instances: 1,
      max_memory_restart: '900M',
      out_file: path.join(logDir, 'bot.out.log'),
      error_file: path.join(logDir, 'bot.err.log'),
    },
  ];
