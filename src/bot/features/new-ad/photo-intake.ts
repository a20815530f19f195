import type { Message } from 'grammy/types';
import { MAX_AD_PHOTOS } from '../../../shared/domain/ads/ad-photos.ts';
import type { PrivateContext } from '../../context.ts';
import { draftPhotos, type Draft, type DraftPhoto } from '../../conversation/conversation-state.ts';
import { enqueueAlbumPreview } from '../../jobs/album-preview-job.ts';
import { largestPhoto } from './message-kind.ts';
import { sendStepPrompt } from './step-prompts.ts';

/**
 * Photos for a draft, one update at a time (the handler never waits for the rest of an album).
 *
 * The rule, written down: every photo the user sends at the photo step or at the preview (and a
 * captioned photo at the text step) is ADDED to the ad, up to 10 in all, in Telegram's order
 * (message_id); "No photo" at the photo step removes them. Beyond 10 the first 10 are kept and
 * the user is told with the next preview.
 * - A single photo goes straight to the preview, as before.
 * - An album (Telegram sends each of its photos as its own update with one media_group_id)
 *   is collected into the draft photo by photo; each photo's state write enqueues, in the same
 *   transaction, an `album_preview` job 1.5 s later keyed by that message. Only the job of the
 *   album's latest photo shows the preview (after its quiet period), so it is shown once, when
 *   the album is complete, by the worker — not by sleeping in a handler.
 * - A redelivered update whose photo is already in the draft (same message_id) adds nothing.
 */
export function addPhoto(draft: Draft, message: Message): { draft: Draft; duplicate: boolean; dropped: number } {
  const largest = largestPhoto(message);
  const photos = draftPhotos(draft);
  if (!largest || photos.some((photo) => photo.messageId === message.message_id)) return { draft, duplicate: true, dropped: 0 };
  const entry: DraftPhoto = { ...largest, mediaGroupId: message.media_group_id ?? null, messageId: message.message_id };
  // Photos copied from an earlier ad (no message id) stay first; Array.prototype.sort is stable.
  const all = [...photos, entry].sort((a, b) => (a.messageId ?? -1) - (b.messageId ?? -1));
  const kept = all.slice(0, MAX_AD_PHOTOS);
  return { draft: { ...draft, photos: kept }, duplicate: false, dropped: all.length - kept.length };
}

/** Adds the message's photo (with `changes`, e.g. the caption as text) and moves to the preview. */
export async function takePhoto(ctx: PrivateContext, draft: Draft, message: Message, changes: Partial<Omit<Draft, 'nonce'>> = {}): Promise<void> {
  const added = addPhoto({ ...draft, ...changes }, message);
  const group = message.media_group_id;
  if (added.duplicate) {
    // The same photo again (a redelivered update): a single photo's reply is repeated; an album's preview comes from its job.
    if (!group) await sendStepPrompt(ctx);
    return;
  }
  const dropped = (draft.photosDropped ?? 0) + added.dropped;
  const { runtime, botId } = ctx.services;
  if (group) {
    ctx.convo.enter('preview', { ...added.draft, album: { mediaGroupId: group, lastMessageId: message.message_id }, photosDropped: dropped });
    await ctx.convo.save(ctx.update.update_id, (tx) =>
      enqueueAlbumPreview(runtime.jobs, tx, { botId, chatId: ctx.convo.chatId, mediaGroupId: group, messageId: message.message_id }),
    );
    return;
  }
  ctx.convo.enter('preview', { ...added.draft, album: null, photosDropped: 0 });
  await ctx.convo.save(ctx.update.update_id);
  await sendStepPrompt(ctx, dropped > 0 ? ctx.tHtml('photos-limit', { max: MAX_AD_PHOTOS, dropped }) : undefined);
}
