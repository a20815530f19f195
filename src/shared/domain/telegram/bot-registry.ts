/**
 * The bot registry: what the CLI, the panel and the bot process call to add and manage bots.
 * Tokens and webhook secrets are encrypted at rest and never leave these functions in clear.
 */
export { addBot, type AddBotOptions } from './add-bot.ts';
export { updateBot, type BotChanges } from './update-bot.ts';
export { listBots } from './bot-queries.ts';
export { webhookInfo, reRegisterWebhook, type BotWebhookInfo } from './bot-webhook-admin.ts';
export { ensureBootstrapBot } from './bootstrap-bot.ts';
export type { BotMode, BotSummary } from './bot-summary.ts';
