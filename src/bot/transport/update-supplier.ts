import type { Api } from 'grammy';
import type { Update } from 'grammy/types';
import type { UpdateSupplier } from '@grammyjs/runner';
import type { Logger } from '../../shared/logger.ts';
import { toTelegramError } from '../../shared/integrations/telegram/telegram-error.ts';
import { ALLOWED_UPDATES } from '../../shared/domain/telegram/webhook-endpoint.ts';
import { backoffDelay, sleepUnlessAborted } from './abortable-sleep.ts';
import { fromGrammySignal } from './grammy-signal.ts';

/**
 * getUpdates for @grammyjs/runner's source, with this project's retry policy: 429 waits the
 * retry_after Telegram asks for, 5xx and network failures back off exponentially (capped,
 * jittered) and try again; 401 and 409 are thrown to the poller, which decides. The offset
 * advances only here, and the runner asks for the next batch only after its sink has
 * recorded this one, so a confirmed update is always a recorded one.
 */
export interface UpdateSupplierDeps {
  readonly api: Api;
  readonly logger: Logger;
  readonly timeoutSeconds: number;
  readonly backoffBaseMs?: number;
  readonly backoffCapMs?: number;
  /** Every successful getUpdates. */
  readonly onSuccess?: () => void;
}

/** True for failures the supplier must not retry itself (token refused, another consumer). */
export function isFatalPollingError(error: unknown): boolean {
  const failure = toTelegramError(error);
  return failure.kind === 'unauthorized' || failure.errorCode === 409;
}

export function createUpdateSupplier(deps: UpdateSupplierDeps): UpdateSupplier<Update> {
  let offset = 0;
  return {
    async supply(batchSize, signal) {
      for (let failures = 0; ; failures += 1) {
        try {
          const updates = await deps.api.getUpdates(
            { offset, limit: Math.max(1, Math.min(100, batchSize)), timeout: deps.timeoutSeconds, allowed_updates: [...ALLOWED_UPDATES] },
            signal,
          );
          deps.onSuccess?.();
          const last = updates.at(-1);
          if (last) offset = last.update_id + 1;
          return updates;
        } catch (error) {
          if (signal.aborted || isFatalPollingError(error)) throw error;
          const failure = toTelegramError(error);
          const waitMs =
            failure.kind === 'rate_limited'
              ? Math.max(1, failure.retryAfterSeconds ?? 1) * 1000
              : backoffDelay(failures, deps.backoffBaseMs ?? 500, deps.backoffCapMs ?? 30_000);
          deps.logger.warn({ msg: 'getUpdates failed; trying again', error: failure.description, waitMs });
          await sleepUnlessAborted(waitMs, fromGrammySignal(signal));
          if (signal.aborted) throw error;
        }
      }
    },
  };
}
