import { RESUBMITTABLE_STATUSES, isAdStatus, trackingCodeOf } from '../../shared/domain/ads/ad-status.ts';
import { isUuid } from '../../shared/domain/notifications/resubmit-link.ts';
import { findOwnAd } from '../../shared/domain/telegram-users/own-ads.ts';
import { MAX_AD_PHOTOS } from '../../shared/domain/ads/ad-photos.ts';
import type { PrivateContext } from '../context.ts';
import { answerButton } from './replies.ts';
import { sendMenu } from './menu.ts';
import { startNewAd } from './new-ad/start-flow.ts';

/**
 * Edit & Resubmit (deep link `/start resubmit_<uuid>` or the `my:rs:<uuid>` button): only the
 * owner, only from rejected or needs_revision. Starts a draft prefilled with the old text,
 * category (when still active) and photo; confirming it calls submitAd with `resubmitOf`, which
 * checks both again in its transaction and marks the old ad `resubmitted`.
 */
export async function startResubmit(ctx: PrivateContext, rawId: string): Promise<void> {
  await answerButton(ctx);
  const wasContact = ctx.convo.step === 'contact';
  if (!isUuid(rawId)) {
    await sendMenu(ctx, { lead: ctx.tHtml('resubmit-invalid-link'), removeReplyKeyboard: wasContact });
    return;
  }
  const db = ctx.services.runtime.database.db;
  const ad = await findOwnAd(db, ctx.tgUser.id, rawId.toLowerCase());
  if (!ad) {
    await sendMenu(ctx, { lead: ctx.tHtml('ad-not-found'), removeReplyKeyboard: wasContact });
    return;
  }
  if (!isAdStatus(ad.status) || !RESUBMITTABLE_STATUSES.includes(ad.status)) {
    const status = isAdStatus(ad.status) ? ctx.t(`status-${ad.status}`) : ad.status;
    await sendMenu(ctx, { lead: ctx.tHtml('resubmit-not-allowed', { code: trackingCodeOf(ad.id), status }), removeReplyKeyboard: wasContact });
    return;
  }
  const [photos, categoryActive] = await Promise.all([
    db.adPhoto.findMany({ where: { adId: ad.id }, orderBy: { position: 'asc' }, take: MAX_AD_PHOTOS }),
    ad.categoryId === null ? Promise.resolve(false) : db.category.count({ where: { id: ad.categoryId, active: true } }).then((n) => n === 1),
  ]);
  await startNewAd(
    ctx,
    {
      resubmitOf: ad.id,
      categoryId: categoryActive ? ad.categoryId : null,
      content: ad.content,
      photos: photos.map((photo) => ({ fileId: photo.fileId, fileUniqueId: photo.fileUniqueId, mediaGroupId: null })),
    },
    ctx.tHtml('resubmit-start', { code: trackingCodeOf(ad.id) }),
  );
}
