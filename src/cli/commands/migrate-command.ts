import type { CliCommand } from '../cli-command.ts';
import { describeAdminBootstrap, prepareDatabase } from '../../shared/runtime/prepare-database.ts';

export const migrateCommand: CliCommand = {
  name: 'migrate',
  usage: 'migrate                       apply pending migrations, seed categories, ensure an admin exists',
  async run(_args, config, io) {
    const { migrations, admin } = await prepareDatabase(config);
    io.out(migrations.applied.length ? `applied: ${migrations.applied.join(', ')}` : `up to date (${migrations.total} migrations)`);
    const adminLine = describeAdminBootstrap(admin);
    if (adminLine) io.out(adminLine);
    return 0;
  },
};
