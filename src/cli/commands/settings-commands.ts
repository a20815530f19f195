import { CliUsageError, type CliCommand } from '../cli-command.ts';
import { withRuntime } from '../with-runtime.ts';
import { isSettingKey, parseSettingText, SETTING_KEYS, SettingValidationError } from '../../shared/domain/settings/setting-definitions.ts';
import { CLI_ACTOR } from '../../shared/domain/audit/record-audit.ts';

export const settingsSetCommand: CliCommand = {
  name: 'settings:set',
  usage: 'settings:set KEY=VALUE ...      change settings (the same ones the panel edits)',
  async run(args, config, io) {
    if (!args.positional.length) throw new CliUsageError('give at least one KEY=VALUE');
    const changes: Record<string, unknown> = {};
    for (const pair of args.positional) {
      const eq = pair.indexOf('=');
      const key = eq === -1 ? pair : pair.slice(0, eq);
      if (eq === -1) throw new CliUsageError(`${pair}: expected KEY=VALUE`);
      if (!isSettingKey(key)) throw new CliUsageError(`unknown setting ${key} (known: ${SETTING_KEYS.join(', ')})`);
      try {
        changes[key] = parseSettingText(key, pair.slice(eq + 1));
      } catch (error) {
        if (error instanceof SettingValidationError) throw new CliUsageError(error.message);
        throw error;
      }
    }
    await withRuntime(config, (rt) => rt.settings.set(changes, CLI_ACTOR));
    io.out(`saved ${Object.keys(changes).join(', ')}`);
    return 0;
  },
};

export const settingsGetCommand: CliCommand = {
  name: 'settings:get',
  usage: 'settings:get [KEY]              show settings (secrets masked)',
  async run(args, config, io) {
    const key = args.positional[0];
    if (key !== undefined && !isSettingKey(key)) throw new CliUsageError(`unknown setting ${key}`);
    const rows = await withRuntime(config, (rt) => rt.settings.describe());
    for (const row of rows) {
      if (key && row.key !== key) continue;
      io.out(key ? String(row.value) : `${row.key}=${String(row.value)}`);
    }
    return 0;
  },
};
