import type { Update } from 'grammy/types';

/** Update kinds whose order is per user rather than per chat. */
const PER_USER = new Set(['callback_query', 'inline_query', 'chosen_inline_result', 'shipping_query', 'pre_checkout_query', 'poll_answer']);

type Part = { chat?: { id?: unknown }; from?: { id?: unknown }; user?: { id?: unknown } } | undefined;

function payloadOf(update: Update): [string, Part] | null {
  for (const [key, value] of Object.entries(update)) {
    if (key === 'update_id' || value === null || typeof value !== 'object') continue;
    return [key, value as Part];
  }
  return null;
}

const idText = (value: unknown): string | null => (typeof value === 'number' || typeof value === 'string' ? String(value) : null);

/**
 * The key an update is ordered by: the chat id; the user id for callback queries, inline
 * queries and the like; `_` when there is neither. Updates with the same key (and bot) are
 * handled one at a time, in order of arrival.
 */
export function chatKeyOf(update: Update): string {
  const found = payloadOf(update);
  if (!found) return '_';
  const [kind, part] = found;
  const user = idText(part?.from?.id) ?? idText(part?.user?.id);
  if (PER_USER.has(kind)) return user ?? '_';
  return idText(part?.chat?.id) ?? user ?? '_';
}

/** The user who caused the update (for the flood limit), when there is one. */
export function senderIdOf(update: Update): string | null {
  const found = payloadOf(update);
  if (!found) return null;
  const [, part] = found;
  return idText(part?.from?.id) ?? idText(part?.user?.id);
}
