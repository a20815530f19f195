import type { Db } from '../../shared/db/prisma-types.ts';

/** What the bot process needs of a bot row (secrets still encrypted). */
export interface BotRow {
  readonly id: number;
  readonly name: string;
  readonly username: string | null;
  readonly telegramId: string | null;
  readonly mode: string;
  readonly enabled: boolean;
  readonly status: string;
  readonly lastError: string | null;
  readonly configVersion: number;
  readonly tokenEncrypted: string;
  readonly webhookSecretEncrypted: string | null;
}

const BOT_ROW_SELECT = {
  id: true,
  name: true,
  username: true,
  telegramId: true,
  mode: true,
  enabled: true,
  status: true,
  lastError: true,
  configVersion: true,
  tokenEncrypted: true,
  webhookSecretEncrypted: true,
} as const;

/**
 * The bot process's view of the bot rows: refreshed by the supervisor every few seconds; a
 * bot not seen yet (an update recorded for a bot added a moment ago) is read on demand.
 */
export interface BotDirectory {
  get(botId: number): Promise<BotRow | null>;
  /** Reads every bot and makes that the current view. */
  refresh(): Promise<BotRow[]>;
}

export function createBotDirectory(db: Db): BotDirectory {
  let rows = new Map<number, BotRow>();
  return {
    async get(botId) {
      const known = rows.get(botId);
      if (known) return known;
      const row = await db.telegramBot.findUnique({ where: { id: botId }, select: BOT_ROW_SELECT });
      if (row) rows.set(botId, row);
      return row;
    },
    async refresh() {
      const all = await db.telegramBot.findMany({ select: BOT_ROW_SELECT, orderBy: { id: 'asc' } });
      rows = new Map(all.map((row) => [row.id, row]));
      return all;
    },
  };
}
