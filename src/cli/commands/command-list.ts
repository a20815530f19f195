import type { CliCommand } from '../cli-command.ts';
import { migrateCommand } from './migrate-command.ts';
import { doctorCommand } from './doctor-command.ts';
import { adminCreateCommand, adminTokenCommand } from './admin-commands.ts';
import { settingsGetCommand, settingsSetCommand } from './settings-commands.ts';
import { botAddCommand } from './bot-command.ts';
import { dbCopyCommand } from './db-copy-command.ts';
import { apikeyCreateCommand } from './apikey-command.ts';

/** Every CLI command (CONTRACT.md §1). Feature issues add theirs here. */
export const CLI_COMMANDS: readonly CliCommand[] = [
  migrateCommand,
  doctorCommand,
  adminCreateCommand,
  adminTokenCommand,
  settingsSetCommand,
  settingsGetCommand,
  botAddCommand,
  apikeyCreateCommand,
  dbCopyCommand,
];
