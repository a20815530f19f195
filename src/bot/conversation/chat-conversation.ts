import type { Db, DbTx } from '../../shared/db/prisma-types.ts';
import { EMPTY_DATA, parseConversation, serializeData, type ConversationData, type Draft, type FlowStep, type Step } from './conversation-state.ts';

/** The stored row as last read or written: the compare-and-set key of submitDraft. */
export interface PersistedConversation {
  readonly step: string;
  readonly dataJson: string;
}

/**
 * One chat's conversation state for the duration of one update: read once, changed in memory by
 * the handler, written with save() before the reply is sent (so a reply never promises a state
 * that was not stored).
 */
export class ChatConversation {
  step: Step;
  data: ConversationData;
  #persisted: PersistedConversation | null;

  private constructor(
    private readonly db: Db,
    readonly botId: number,
    readonly chatId: string,
    row: PersistedConversation | null,
  ) {
    const parsed = row ? parseConversation(row.step, row.dataJson) : { step: 'idle' as const, data: EMPTY_DATA };
    this.step = parsed.step;
    this.data = parsed.data;
    this.#persisted = row;
  }

  static async load(db: Db, botId: number, chatId: number | string): Promise<ChatConversation> {
    const key = String(chatId);
    const row = await db.conversation.findUnique({ where: { botId_chatId: { botId, chatId: key } }, select: { step: true, dataJson: true } });
    return new ChatConversation(db, botId, key, row);
  }

  get draft(): Draft | null {
    return this.data.draft;
  }

  get persisted(): PersistedConversation | null {
    return this.#persisted;
  }

  /** Enter a flow step with the given draft. */
  enter(step: FlowStep, draft: Draft): void {
    this.step = step;
    this.data = { ...this.data, draft };
  }

  /** Leave the flow (cancel, back from the first step, /start): the draft is dropped. */
  leave(): void {
    this.step = 'idle';
    this.data = { ...this.data, draft: null };
  }

  /**
   * Writes the state, recording which update produced it; `also` runs in the same transaction
   * (e.g. enqueueing the job that will act on this state).
   */
  async save(updateId: number, also?: (tx: DbTx) => Promise<void>): Promise<void> {
    const next = { ...this.data, lastUpdateId: updateId };
    const dataJson = serializeData(next);
    const where = { botId_chatId: { botId: this.botId, chatId: this.chatId } };
    if (also) {
      await this.db.$transaction(async (tx) => {
        await tx.conversation.upsert({ where, create: { botId: this.botId, chatId: this.chatId, step: this.step, dataJson }, update: { step: this.step, dataJson } });
        await also(tx);
      });
    } else if (this.#persisted) {
      await this.db.conversation.update({ where, data: { step: this.step, dataJson } });
    } else {
      try {
        await this.db.conversation.create({ data: { botId: this.botId, chatId: this.chatId, step: this.step, dataJson } });
      } catch (error) {
        if ((error as { code?: unknown } | null)?.code !== 'P2002') throw error;
        await this.db.conversation.update({ where, data: { step: this.step, dataJson } });
      }
    }
    this.data = next;
    this.#persisted = { step: this.step, dataJson };
  }

  /** Records a state written by someone else in this update's transaction (submitDraft). */
  committed(step: Step, data: ConversationData, dataJson: string): void {
    this.step = step;
    this.data = data;
    this.#persisted = { step, dataJson };
  }
}
