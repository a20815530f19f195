import type { Message } from 'grammy/types';
import { AppError } from '../../../shared/errors.ts';
import { isAdStatus, trackingCodeOf } from '../../../shared/domain/ads/ad-status.ts';
import { toLanguage } from '../../../shared/domain/notifications/languages.ts';
import { hasVerifiedPhone } from '../../../shared/domain/telegram-users/telegram-user-store.ts';
import type { PrivateContext } from '../../context.ts';
import { draftPhotos, type Draft } from '../../conversation/conversation-state.ts';
import { ChatConversation } from '../../conversation/chat-conversation.ts';
import { submitDraft } from '../../conversation/submit-draft.ts';
import { mainMenuKeyboard } from '../../keyboards/menu-keyboards.ts';
import { answerButton, sendHtml } from '../replies.ts';
import { cancelFlow } from './cancel-flow.ts';
import { takePhoto } from './photo-intake.ts';
import { sendStepPrompt } from './step-prompts.ts';
import { tellRefused } from './submitter-admission.ts';
import { SubmissionRefused, loadSubmitterLimits } from '../../../shared/domain/submitters/submitter-quotas.ts';

/** At the preview a photo (or an album) is added to the ad (photo-intake.ts); anything else gets the buttons again. */
export async function onPreviewMessage(ctx: PrivateContext, message: Message): Promise<void> {
  const draft = ctx.convo.draft;
  if (!draft) return;
  if (message.photo) {
    await takePhoto(ctx, draft, message);
    return;
  }
  await sendStepPrompt(ctx, ctx.tHtml('preview-use-buttons'));
}

export async function onPreviewButton(ctx: PrivateContext, action: string, draft: Draft): Promise<void> {
  switch (action) {
    case 'ok':
      await confirm(ctx, draft);
      return;
    case 'edit':
      ctx.convo.enter('text', draft);
      break;
    case 'back':
      ctx.convo.enter('photo', draft);
      break;
    case 'cancel':
      await cancelFlow(ctx);
      return;
    default:
      await answerButton(ctx, ctx.t('stale-button'));
      return;
  }
  await answerButton(ctx);
  await ctx.convo.save(ctx.update.update_id);
  await sendStepPrompt(ctx);
}

/**
 * Confirm: the ad (`pending_ai`) and its moderation job are written by submitAd, together with
 * the conversation's move to idle, in one transaction; only then is the tracking code sent.
 * submitAd admits the submitter in that transaction (ban, limits; a shadow-banned user's ad is
 * stored `shadowed` and the same acknowledgement is sent). A
 * repeated Confirm finds the draft already submitted and creates nothing.
 */
async function confirm(ctx: PrivateContext, draft: Draft): Promise<void> {
  const { runtime, botId } = ctx.services;
  const user = ctx.tgUser;
  if (!hasVerifiedPhone(user) || !draft.content) {
    await answerButton(ctx);
    ctx.convo.enter(draft.content ? 'contact' : 'text', draft);
    await ctx.convo.save(ctx.update.update_id);
    await sendStepPrompt(ctx);
    return;
  }
  try {
    const outcome = await submitDraft(
      { db: runtime.database.db, jobs: runtime.jobs, limits: await loadSubmitterLimits(runtime.settings) },
      ctx.convo,
      {
        source: 'bot',
        content: draft.content,
        categoryId: draft.categoryId ?? null,
        language: toLanguage(user.language),
        contactPhone: user.phone,
        botId,
        telegramUserId: user.id,
        // In Telegram's order: AdPhoto positions 0..n-1, written in the ad's transaction.
        photos: draftPhotos(draft).map((photo) => ({ fileId: photo.fileId, fileUniqueId: photo.fileUniqueId })),
        resubmitOf: draft.resubmitOf ?? null,
      },
      { updateId: ctx.update.update_id },
    );
    if (outcome.kind === 'already_done') {
      // Another handling of this Confirm won: read the marker it left.
      const submitted = (await ChatConversation.load(runtime.database.db, botId, ctx.convo.chatId)).data.submitted;
      await answerButton(ctx, submitted?.nonce === draft.nonce ? ctx.t('already-submitted', { code: submitted.code }) : ctx.t('stale-button'));
      return;
    }
    await answerButton(ctx);
    await sendHtml(ctx, ctx.tHtml('submitted', { code: outcome.ad.code }), mainMenuKeyboard(ctx.t));
  } catch (error) {
    // Banned or over a limit meanwhile (checked again in the submitting transaction): the draft stays.
    if (error instanceof SubmissionRefused) {
      await tellRefused(ctx, error.refusal);
      return;
    }
    if (!(error instanceof AppError) || !draft.resubmitOf || !['not_found', 'invalid_transition'].includes(error.code)) throw error;
    await resubmitTargetGone(ctx, draft, draft.resubmitOf);
  }
}

/** The ad being replaced was decided, withdrawn or replaced meanwhile: keep the text, send it as a new ad. */
async function resubmitTargetGone(ctx: PrivateContext, draft: Draft, oldId: string): Promise<void> {
  const old = await ctx.services.runtime.database.db.ad.findUnique({ where: { id: oldId }, select: { status: true } });
  const { resubmitOf: _dropped, ...rest } = draft;
  ctx.convo.enter('preview', rest);
  await ctx.convo.save(ctx.update.update_id);
  await answerButton(ctx);
  const status = old && isAdStatus(old.status) ? ctx.t(`status-${old.status}`) : '—';
  await sendStepPrompt(ctx, ctx.tHtml('resubmit-target-gone', { code: trackingCodeOf(oldId), status }));
}
