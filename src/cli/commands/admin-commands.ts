import { CliUsageError, requireOption, type CliCommand } from '../cli-command.ts';
import { withRuntime } from '../with-runtime.ts';
import { createStaffToken, createStaffUser } from '../../shared/domain/staff/staff-accounts.ts';
import { generatePassword } from '../../shared/domain/staff/passwords.ts';
import { CLI_ACTOR } from '../../shared/domain/audit/record-audit.ts';

export const adminCreateCommand: CliCommand = {
  name: 'admin:create',
  usage: 'admin:create --email E [--role admin|moderator] [--password P]   create a staff account',
  async run(args, config, io) {
    const email = requireOption(args, 'email');
    const role = args.options.role ?? 'admin';
    if (role !== 'admin' && role !== 'moderator') throw new CliUsageError('--role must be admin or moderator');
    const given = typeof args.options.password === 'string' ? args.options.password : undefined;
    const password = given ?? generatePassword();
    await withRuntime(config, (rt) => createStaffUser(rt.database.db, { email, password, role }, CLI_ACTOR));
    io.out(`created ${role} ${email.toLowerCase()}`);
    if (!given) io.out(`password: ${password}`);
    return 0;
  },
};

export const adminTokenCommand: CliCommand = {
  name: 'admin:token',
  usage: 'admin:token --email E          print a new staff API token (shown once)',
  async run(args, config, io) {
    const email = requireOption(args, 'email');
    const token = await withRuntime(config, (rt) => createStaffToken(rt.database.db, email, CLI_ACTOR, 'cli'));
    io.out(token);
    return 0;
  },
};
