import { requireOption, type CliCommand } from '../cli-command.ts';
import { withRuntime } from '../with-runtime.ts';
import { copyDatabase } from '../../shared/db/copy-database.ts';
import { redactText } from '../../shared/redact.ts';

export const dbCopyCommand: CliCommand = {
  name: 'db:copy',
  usage: 'db:copy --to <DATABASE_URL>     copy every row into a fresh database (SQLite → PostgreSQL)',
  async run(args, config, io) {
    const to = requireOption(args, 'to');
    if (to === config.databaseUrl) throw new Error('--to is the current database');
    const report = await withRuntime(config, (rt) => copyDatabase(rt.database.db, to, { onProgress: (line) => io.out(line) }));
    const total = Object.values(report.counts).reduce((sum, c) => sum + c.target, 0);
    io.out(`copied ${total} rows into ${redactText(to.replace(/\/\/[^@/]*@/, '//***@'))}; row counts verified. Set DATABASE_URL to it and restart.`);
    return 0;
  },
};
