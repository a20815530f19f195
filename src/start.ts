import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadConfig } from './shared/config/load-config.ts';
import { exitOnStartupError } from './shared/runtime/fatal.ts';
import { describeAdminBootstrap, prepareDatabase } from './shared/runtime/prepare-database.ts';

/**
 * `npm start`: migrations, the first admin, then the web and bot processes in the foreground.
 * Ctrl-C (or SIGTERM) stops both cleanly; if either dies, the other is stopped too.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const prepared = await prepareDatabase(config);
  if (prepared.migrations.applied.length) {
    process.stdout.write(`Applied migrations: ${prepared.migrations.applied.join(', ')}\n`);
  }
  const adminLine = describeAdminBootstrap(prepared.admin);
  if (adminLine) process.stdout.write(`${adminLine}\n`);
  process.stdout.write(`Admin panel: http://${config.host}:${config.port}/  (database ${config.databaseProvider})\n`);

  const children = new Map<string, ChildProcess>();
  let stopping = false;
  let exitCode = 0;
  const stopAll = (signal: NodeJS.Signals) => {
    stopping = true;
    for (const child of children.values()) if (child.exitCode === null) child.kill(signal);
  };
  for (const [name, entry] of [['web', './admin/main.ts'], ['bot', './bot/main.ts']] as const) {
    const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), fileURLToPath(new URL(entry, import.meta.url))], {
      // Own process group: a terminal's Ctrl-C reaches only this parent, which forwards one
      // SIGTERM; the IPC channel lets a child notice if this parent is killed outright.
      stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
      detached: true,
      env: process.env,
    });
    children.set(name, child);
    child.on('exit', (code, signal) => {
      children.delete(name);
      if (!stopping) {
        process.stderr.write(`${name} process exited (${signal ?? code}); stopping the other\n`);
        exitCode = 1;
        stopAll('SIGTERM');
      }
      if (children.size === 0) process.exit(exitCode);
    });
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopAll('SIGTERM');
    });
  }
}

main().catch(exitOnStartupError);
