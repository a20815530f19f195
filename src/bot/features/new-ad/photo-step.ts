import type { Message } from 'grammy/types';
import type { PrivateContext } from '../../context.ts';
import type { Draft } from '../../conversation/conversation-state.ts';
import { answerButton, sendHtml } from '../replies.ts';
import { isImageDocument, largestPhoto, messageKind } from './message-kind.ts';
import { sendStepPrompt } from './step-prompts.ts';

/** The rest of an album whose first photo was taken: ignored quietly (one photo per ad). */
export function isAlbumLeftover(message: Message, draft: Draft): boolean {
  return Boolean(message.photo && message.media_group_id && message.media_group_id === draft.photo?.mediaGroupId);
}

/** The optional photo: its largest size's file_id is kept (stored as AdPhoto on submission). */
export async function onPhotoStepMessage(ctx: PrivateContext, message: Message): Promise<void> {
  const draft = ctx.convo.draft;
  if (!draft) return;
  const photo = message.photo ? largestPhoto(message) : null;
  if (photo) {
    ctx.convo.enter('preview', { ...draft, photo: { ...photo, mediaGroupId: message.media_group_id ?? null } });
    await ctx.convo.save(ctx.update.update_id);
    await sendStepPrompt(ctx);
    return;
  }
  if (message.text !== undefined) await sendHtml(ctx, ctx.tHtml('photo-expected'));
  else if (isImageDocument(message)) await sendHtml(ctx, ctx.tHtml('photo-as-document'));
  else await sendHtml(ctx, ctx.tHtml('photo-not-allowed', { kind: ctx.t(`kind-${messageKind(message)}`) }));
}

export async function onPhotoStepButton(ctx: PrivateContext, action: string, draft: Draft): Promise<void> {
  if (action === 'skip' || action === 'none') ctx.convo.enter('preview', { ...draft, photo: null });
  else if (action === 'keep' && draft.photo) ctx.convo.enter('preview', draft);
  else if (action === 'back') ctx.convo.enter('text', draft);
  else {
    await answerButton(ctx, ctx.t('stale-button'));
    return;
  }
  await answerButton(ctx);
  await ctx.convo.save(ctx.update.update_id);
  await sendStepPrompt(ctx);
}
