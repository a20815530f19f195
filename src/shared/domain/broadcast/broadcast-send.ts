import { InputFile, type Api } from 'grammy';
import { toTelegramError } from '../../integrations/telegram/telegram-error.ts';

/** One broadcast message as it goes out. `photo` is the upload (first send) or the file_id. */
export interface BroadcastMessage {
  readonly text: string;
  readonly photo: { readonly fileId: string } | { readonly data: Buffer; readonly filename: string } | null;
}

/**
 * What one send did. Only answers that prove nothing was delivered may be tried again (`retry`:
 * 429, or a connection refused before sending); anything that may have arrived (timeout, reset,
 * 5xx) is `uncertain` and never repeated (the Bot API has no idempotency key).
 */
export type SendOutcome =
  | { readonly kind: 'sent'; readonly messageId: number; readonly photoFileId: string | null }
  | { readonly kind: 'blocked'; readonly error: string }
  | { readonly kind: 'failed'; readonly error: string }
  | { readonly kind: 'uncertain'; readonly error: string }
  | { readonly kind: 'retry'; readonly error: string; readonly delayMs: number }
  /** The bot itself was refused (token revoked): nothing more can be sent; pause. */
  | { readonly kind: 'stop'; readonly error: string };

const NOT_SENT_RETRY_MS = 5_000;

export async function sendBroadcastMessage(api: Api, chatId: string, message: BroadcastMessage): Promise<SendOutcome> {
  // No abort signal: a call already on its way finishes even at shutdown (cut off, it would be uncertain).
  try {
    if (message.photo) {
      const photo = 'fileId' in message.photo ? message.photo.fileId : new InputFile(message.photo.data, message.photo.filename);
      const sent = await api.sendPhoto(chatId, photo, message.text ? { caption: message.text } : {});
      return { kind: 'sent', messageId: sent.message_id, photoFileId: sent.photo.at(-1)?.file_id ?? null };
    }
    const sent = await api.sendMessage(chatId, message.text);
    return { kind: 'sent', messageId: sent.message_id, photoFileId: null };
  } catch (error) {
    const failure = toTelegramError(error);
    switch (failure.kind) {
      case 'rate_limited':
        return { kind: 'retry', error: failure.description, delayMs: Math.max(1, failure.retryAfterSeconds ?? 1) * 1000 };
      case 'not_sent':
        return { kind: 'retry', error: failure.description, delayMs: NOT_SENT_RETRY_MS };
      case 'forbidden':
        return { kind: 'blocked', error: failure.description };
      case 'rejected':
        return { kind: 'failed', error: failure.description };
      case 'unauthorized':
        return { kind: 'stop', error: `${failure.description} (the bot token was rejected; check the bot in the panel)` };
      case 'unknown_outcome':
        return { kind: 'uncertain', error: failure.description };
    }
  }
}
