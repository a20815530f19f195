import { AppError } from '../../shared/errors.ts';
import type { AuditActor } from '../../shared/domain/audit/record-audit.ts';
import type { BotMode } from '../../shared/domain/review/bot-admin-actions.ts';

/**
 * Adding a bot from the panel: the token must be validated with Telegram's getMe, encrypted and
 * stored (and a webhook registered in webhook mode) — the bot side's code. It is injected here;
 * until it is wired, the default refuses with a clear message naming the CLI alternative.
 */
export type BotAdder = (input: { token: string; mode: BotMode }, actor: AuditActor) => Promise<{ id: number; name: string }>;

export const botAdderNotAvailable: BotAdder = () =>
  Promise.reject(
    new AppError('conflict', 'Adding a bot from the panel is not available yet; use `npm run cli -- bot:add --token <token>` on the server.'),
  );
