import type { Broadcast, Db } from '../../db/prisma-types.ts';
import { AppError } from '../../errors.ts';
import { recordAudit, type AuditActor } from '../audit/record-audit.ts';
import { MAX_CAPTION_LENGTH, MAX_TEXT_LENGTH } from './broadcast-status.ts';

export interface CreateBroadcastInput {
  readonly botId: number;
  /** The message text, or the photo's caption (may be empty with a photo). */
  readonly text: string;
  /** A stored photo (relative path under data/media, see broadcast-photo.ts). */
  readonly photoPath?: string | null;
  readonly createdById?: number | null;
}

/** Validates and saves a broadcast as a draft: nothing is sent until it is started. */
export async function createBroadcast(db: Db, input: CreateBroadcastInput, actor: AuditActor): Promise<Broadcast> {
  const text = input.text.replace(/\r\n?/g, '\n').trim();
  const photoPath = input.photoPath ?? null;
  const fields: Record<string, string> = {};
  const max = photoPath ? MAX_CAPTION_LENGTH : MAX_TEXT_LENGTH;
  if (!photoPath && text.length === 0) fields.text = 'write a message or attach a photo';
  if (text.length > max) fields.text = `at most ${max} characters${photoPath ? ' for a photo caption' : ''}`;
  const bot = await db.telegramBot.findUnique({ where: { id: input.botId }, select: { id: true } });
  if (!bot) fields.botId = 'choose a bot';
  if (Object.keys(fields).length > 0) throw new AppError('validation_failed', 'The broadcast cannot be saved', { fields });
  return db.$transaction(async (tx) => {
    const broadcast = await tx.broadcast.create({
      data: { botId: input.botId, text, photoPath, createdById: input.createdById ?? null, status: 'draft' },
    });
    await recordAudit(tx, actor, 'broadcast.create', {
      targetType: 'broadcast',
      targetId: String(broadcast.id),
      details: { botId: input.botId, photo: photoPath !== null, length: text.length },
    });
    return broadcast;
  });
}
