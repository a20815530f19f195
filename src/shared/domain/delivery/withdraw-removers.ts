import type { Api as TelegramApi } from 'grammy';
import type { Delivery } from '../../db/prisma-types.ts';
import type { SettingsValues } from '../settings/setting-definitions.ts';
import { toTelegramError } from '../../integrations/telegram/telegram-error.ts';
import { postWebhook, WebhookError } from '../../integrations/webhook/webhook-client.ts';
import type { DeliveryChannel } from '../ads/delivery-channels.ts';
import type { DeliveryState, WithdrawalStatus } from './delivery-state.ts';
import type { TelegramBots } from './telegram-bots.ts';
import { withdrawnAdEvent } from './webhook-payload.ts';

/**
 * How each channel's publication of a withdrawn ad is taken down. A remover answers a final
 * result for the panel, or asks to be retried when the remote proved nothing happened.
 */
export type RemovalResult =
  | { readonly kind: 'done'; readonly status: WithdrawalStatus; readonly detail: string; readonly state?: Partial<DeliveryState> }
  | { readonly kind: 'retry'; readonly error: string; readonly delayMs?: number; readonly state?: Partial<DeliveryState> };

export interface RemovalContext {
  readonly row: Delivery;
  readonly state: DeliveryState;
  readonly ad: { readonly id: string; readonly code: string };
  readonly settings: SettingsValues;
  readonly bots: TelegramBots;
  readonly signal: AbortSignal;
  readonly webhookTimeoutMs: number;
  secret(value: string): void;
}

export type Remover = (ctx: RemovalContext) => Promise<RemovalResult>;

const WITHDRAWN_CAPTION = { fa: '⛔️ این آگهی برداشته شده است.', en: '⛔️ This ad has been withdrawn.' } as const;

export const removeTelegramChannelPost: Remover = async (ctx) => {
  const post = ctx.state.telegram;
  if (!post) return { kind: 'done', status: 'check_manually', detail: 'the channel message id is not known (marked as posted by staff); delete the post by hand' };
  const sender = await ctx.bots.byId(post.botId);
  if (!sender) return { kind: 'done', status: 'check_manually', detail: 'the bot that posted it was removed; delete the post by hand' };
  ctx.secret(sender.token);
  // An album is several messages: each is deleted (deleting one twice is harmless).
  const ids = post.messageIds?.length ? post.messageIds : [post.messageId];
  for (const messageId of ids) {
    const result = await deleteOne(sender.api, post.chatId, messageId);
    if (result === 'too_old') return editCaption(sender.api, post.chatId, post.messageId);
    if (result !== 'gone') return result;
  }
  return { kind: 'done', status: 'removed', detail: ids.length > 1 ? `deleted the album's ${ids.length} messages` : `deleted message ${post.messageId}` };
};

async function deleteOne(api: TelegramApi, chatId: string, messageId: number): Promise<'gone' | 'too_old' | RemovalResult> {
  try {
    await api.deleteMessage(chatId, messageId);
    return 'gone';
  } catch (error) {
    const failure = toTelegramError(error);
    if (failure.kind === 'rejected' && /not found/i.test(failure.description)) return 'gone';
    if (failure.kind === 'rejected' && /can't be deleted/i.test(failure.description)) return 'too_old';
    // Deleting twice is harmless, so even an unknown outcome may be retried.
    if (failure.kind === 'rate_limited' || failure.kind === 'not_sent' || failure.kind === 'unknown_outcome') {
      return { kind: 'retry', error: failure.message, ...(failure.retryAfterSeconds !== null ? { delayMs: failure.retryAfterSeconds * 1000 } : {}) };
    }
    return { kind: 'done', status: 'failed', detail: failure.message };
  }
}

/** Too old to delete: replace the caption (an album's first message) with a withdrawal notice instead. */
async function editCaption(api: TelegramApi, chatId: string, messageId: number): Promise<RemovalResult> {
  try {
    await api.editMessageCaption(chatId, messageId, { caption: `${WITHDRAWN_CAPTION.fa}\n${WITHDRAWN_CAPTION.en}` });
    return { kind: 'done', status: 'edited', detail: 'the message cannot be deleted; its caption now says the ad was withdrawn' };
  } catch (editError) {
    const e = toTelegramError(editError);
    return e.kind === 'rate_limited' || e.kind === 'not_sent' || e.kind === 'unknown_outcome' ? { kind: 'retry', error: e.message } : { kind: 'done', status: 'failed', detail: e.message };
  }
}

export const removeTelegramDm: Remover = async () => ({ kind: 'done', status: 'nothing_to_remove', detail: 'the private message to the submitter stays' });

export const notifyWebhookPartner: Remover = async (ctx) => {
  const url = ctx.settings['webhook.url'];
  if (!url) return { kind: 'done', status: 'nothing_to_remove', detail: 'webhook.url is no longer set' };
  const secret = ctx.settings['webhook.secret'];
  ctx.secret(secret);
  const withdrawal = ctx.state.withdrawal;
  // Built from stored facts only (the withdrawal time), so every re-send is byte-identical.
  const body = withdrawal?.body ?? JSON.stringify(withdrawnAdEvent(ctx.ad, new Date(withdrawal?.at ?? ctx.row.updatedAt)));
  const deliveryId = (JSON.parse(body) as { deliveryId: string }).deliveryId;
  try {
    await postWebhook({ url, body, deliveryId, event: 'ad.withdrawn', secret, timeoutMs: ctx.webhookTimeoutMs, signal: ctx.signal });
    return { kind: 'done', status: 'removed', detail: 'the partner was sent ad.withdrawn', state: { withdrawal: { ...withdrawal, status: 'removed', body } } };
  } catch (error) {
    if (!(error instanceof WebhookError)) throw error;
    if (error.kind === 'rejected') return { kind: 'done', status: 'failed', detail: error.message };
    return { kind: 'retry', error: error.message, ...(error.retryAfterMs !== null ? { delayMs: error.retryAfterMs } : {}), state: { withdrawal: { ...withdrawal, status: 'pending', body } } };
  }
};

export type RemoverTable = Readonly<Record<DeliveryChannel, Remover>>;
