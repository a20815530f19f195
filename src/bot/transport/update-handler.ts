import type { Update } from 'grammy/types';

/** Handles one update (the grammY bot's handleUpdate, or a test's recorder). */
export type UpdateHandler = (update: Update) => Promise<void>;

/** The handler for a bot's updates; rejects when the bot cannot be served right now. */
export type ResolveHandler = (botId: number) => Promise<UpdateHandler>;
