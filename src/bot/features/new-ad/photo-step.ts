import type { Message } from 'grammy/types';
import type { PrivateContext } from '../../context.ts';
import { draftPhotos, type Draft } from '../../conversation/conversation-state.ts';
import { answerButton, sendHtml } from '../replies.ts';
import { isImageDocument, messageKind } from './message-kind.ts';
import { takePhoto } from './photo-intake.ts';
import { sendStepPrompt } from './step-prompts.ts';

/** The optional photos: a photo or an album is added to the draft (photo-intake.ts); stored as AdPhoto rows on submission. */
export async function onPhotoStepMessage(ctx: PrivateContext, message: Message): Promise<void> {
  const draft = ctx.convo.draft;
  if (!draft) return;
  if (message.photo) {
    await takePhoto(ctx, draft, message);
    return;
  }
  if (message.text !== undefined) await sendHtml(ctx, ctx.tHtml('photo-expected'));
  else if (isImageDocument(message)) await sendHtml(ctx, ctx.tHtml('photo-as-document'));
  else await sendHtml(ctx, ctx.tHtml('photo-not-allowed', { kind: ctx.t(`kind-${messageKind(message)}`) }));
}

export async function onPhotoStepButton(ctx: PrivateContext, action: string, draft: Draft): Promise<void> {
  if (action === 'skip' || action === 'none') ctx.convo.enter('preview', { ...draft, photos: [], album: null, photosDropped: 0 });
  else if (action === 'keep' && draftPhotos(draft).length > 0) ctx.convo.enter('preview', draft);
  else if (action === 'back') ctx.convo.enter('text', draft);
  else {
    await answerButton(ctx, ctx.t('stale-button'));
    return;
  }
  await answerButton(ctx);
  await ctx.convo.save(ctx.update.update_id);
  await sendStepPrompt(ctx);
}
