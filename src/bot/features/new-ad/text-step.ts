import type { Message } from 'grammy/types';
import { visibleLength } from '../../../shared/domain/notifications/html.ts';
import type { PrivateContext } from '../../context.ts';
import type { Draft } from '../../conversation/conversation-state.ts';
import { answerButton, sendHtml } from '../replies.ts';
import { cancelFlow } from './cancel-flow.ts';
import { messageKind } from './message-kind.ts';
import { takePhoto } from './photo-intake.ts';
import { sendStepPrompt } from './step-prompts.ts';

/** Why an ad text cannot be used (an HTML refusal in the user's language), or null when it can. */
async function refuseText(ctx: PrivateContext, text: string): Promise<string | null> {
  if (!text) return ctx.tHtml('text-empty');
  if (text.startsWith('/')) return ctx.tHtml('text-command');
  const max = await ctx.services.runtime.settings.get('ads.maxLength');
  const length = visibleLength(text);
  if (length > max) return ctx.tHtml('text-too-long', { length, max, over: length - max });
  return null;
}

/**
 * The text step: one text message within `ads.maxLength` characters. Stickers, GIFs, voice,
 * files and the like are refused with an explanation. A photo whose caption is the ad text is
 * taken as both (what many people do), going straight to the preview.
 */
export async function onTextStepMessage(ctx: PrivateContext, message: Message): Promise<void> {
  const draft = ctx.convo.draft;
  if (!draft) return;
  if (message.text !== undefined) {
    const text = message.text.trim();
    const refusal = await refuseText(ctx, text);
    if (refusal) {
      await sendHtml(ctx, refusal);
      return;
    }
    ctx.convo.enter('photo', { ...draft, content: text });
    await ctx.convo.save(ctx.update.update_id);
    await sendStepPrompt(ctx);
    return;
  }
  if (message.photo) {
    const group = message.media_group_id ?? null;
    // The rest of an album already refused: one explanation per album is enough.
    if (group !== null && draft.refusedAlbum === group) return;
    const caption = message.caption?.trim() ?? '';
    const refusal = caption ? await refuseText(ctx, caption) : ctx.tHtml('text-photo-first');
    if (refusal) {
      if (group !== null) {
        ctx.convo.enter('text', { ...draft, refusedAlbum: group });
        await ctx.convo.save(ctx.update.update_id);
      }
      await sendHtml(ctx, refusal);
      return;
    }
    // The caption is the ad text; the photo (an album's first) starts the ad's photos.
    await takePhoto(ctx, draft, message, { content: caption, photos: [], refusedAlbum: null });
    return;
  }
  await sendHtml(ctx, ctx.tHtml('text-not-text', { kind: ctx.t(`kind-${messageKind(message)}`) }));
}

export async function onTextStepButton(ctx: PrivateContext, action: string, draft: Draft): Promise<void> {
  if (action === 'keep' && draft.content) {
    await answerButton(ctx);
    ctx.convo.enter('photo', draft);
  } else if (action === 'back') {
    const categories = await ctx.services.runtime.database.db.category.count({ where: { active: true } });
    if (categories === 0) {
      await cancelFlow(ctx);
      return;
    }
    await answerButton(ctx);
    ctx.convo.enter('category', draft);
  } else {
    await answerButton(ctx, ctx.t('stale-button'));
    return;
  }
  await ctx.convo.save(ctx.update.update_id);
  await sendStepPrompt(ctx);
}
