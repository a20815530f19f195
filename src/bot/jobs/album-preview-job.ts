import type { DbTx } from '../../shared/db/prisma-types.ts';
import type { JobQueue } from '../../shared/db/job-queue.ts';
import type { Runtime } from '../../shared/runtime/create-runtime.ts';
import { JobFailure, type JobHandler } from '../../shared/worker/job-handler.ts';
import { MAX_AD_PHOTOS } from '../../shared/domain/ads/ad-photos.ts';
import { telegramApiForBot } from '../../shared/domain/notifications/bot-api.ts';
import { toLanguage } from '../../shared/domain/notifications/languages.ts';
import { escapeVariables } from '../../shared/domain/notifications/notification-texts.ts';
import { draftPhotos, parseConversation, serializeData } from '../conversation/conversation-state.ts';
import { previewMessage } from '../features/new-ad/preview-message.ts';
import { translate } from '../i18n/bot-i18n.ts';
import { isForbidden, telegramJobFailure } from './telegram-job-failure.ts';

/**
 * `album_preview` ({botId, chatId, mediaGroupId, messageId}): shows the preview of a draft whose
 * album has stopped growing. One job is enqueued per album photo, `ALBUM_QUIET_MS` after it, in
 * the same transaction as the state that photo produced; a job whose photo is no longer the
 * album's latest does nothing, so the preview is sent once, a quiet period after the last photo.
 * It sends the album back as a media group, then the text preview with its buttons, then clears
 * the pending album with a compare-and-set (a newer update's state is never overwritten). A
 * crash or a retry between sending and clearing may repeat the preview — never lose it.
 */
export const ALBUM_PREVIEW_JOB = 'album_preview';
export const ALBUM_QUIET_MS = 1_500;

export interface AlbumPreviewPayload {
  readonly botId: number;
  readonly chatId: string;
  readonly mediaGroupId: string;
  readonly messageId: number;
}

export async function enqueueAlbumPreview(jobs: JobQueue, tx: DbTx, payload: AlbumPreviewPayload, now: Date = new Date()): Promise<void> {
  await jobs.enqueue(tx, {
    kind: ALBUM_PREVIEW_JOB,
    payload,
    dedupeKey: `${ALBUM_PREVIEW_JOB}:${payload.botId}:${payload.chatId}:${payload.messageId}`,
    runAt: new Date(now.getTime() + ALBUM_QUIET_MS),
    maxAttempts: 3,
  });
}

function parsePayload(payload: unknown): AlbumPreviewPayload {
  const p = (payload ?? {}) as Partial<AlbumPreviewPayload>;
  if (typeof p.botId !== 'number' || typeof p.chatId !== 'string' || typeof p.mediaGroupId !== 'string' || typeof p.messageId !== 'number') {
    throw new JobFailure(`invalid ${ALBUM_PREVIEW_JOB} payload`, { retryable: false });
  }
  return { botId: p.botId, chatId: p.chatId, mediaGroupId: p.mediaGroupId, messageId: p.messageId };
}

export function albumPreviewHandler(runtime: Runtime): JobHandler {
  return async ({ job }) => {
    const { botId, chatId, mediaGroupId, messageId } = parsePayload(job.payload);
    const db = runtime.database.db;
    const row = await db.conversation.findUnique({ where: { botId_chatId: { botId, chatId } } });
    if (!row) return;
    const { step, data } = parseConversation(row.step, row.dataJson);
    const draft = data.draft;
    const album = draft?.album;
    if (step !== 'preview' || !draft || album?.mediaGroupId !== mediaGroupId || album.lastMessageId !== messageId) return;
    const [bot, user] = await Promise.all([
      db.telegramBot.findUnique({ where: { id: botId } }),
      db.telegramUser.findFirst({ where: { botId, chatId }, orderBy: { id: 'asc' } }),
    ]);
    if (!bot || !bot.enabled) return;
    const language = toLanguage(user?.language);
    const t = (key: string, variables?: Record<string, string | number>) => translate(language, key, variables);
    const tHtml = (key: string, variables?: Record<string, string | number>) => translate(language, key, escapeVariables(variables) as Record<string, string | number> | undefined);
    const dropped = draft.photosDropped ?? 0;
    const lead = dropped > 0 ? tHtml('photos-limit', { max: MAX_AD_PHOTOS, dropped }) : undefined;
    const preview = await previewMessage({ t, tHtml }, { db, draft, phone: user?.phone ?? '', language, lead });
    const photos = draftPhotos(draft);
    const api = telegramApiForBot(runtime, bot);
    try {
      if (photos.length >= 2) await api.sendMediaGroup(chatId, photos.map((photo) => ({ type: 'photo' as const, media: photo.fileId })));
      await api.sendMessage(chatId, preview.text, { parse_mode: 'HTML', link_preview_options: { is_disabled: true }, reply_markup: preview.keyboard });
    } catch (error) {
      if (isForbidden(error)) return;
      throw telegramJobFailure(error, ALBUM_PREVIEW_JOB);
    }
    const shown = serializeData({ ...data, draft: { ...draft, album: null, photosDropped: 0 } });
    await db.conversation.updateMany({ where: { botId, chatId, step: row.step, dataJson: row.dataJson }, data: { dataJson: shown } });
  };
}
