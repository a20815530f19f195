import type { Ad, Db, DbTx } from '../../shared/db/prisma-types.ts';
import { submitAd, type SubmitAdDeps, type SubmitAdInput, type SubmitAdResult } from '../../shared/domain/ads/submit-ad.ts';
import { serializeData, type ConversationData } from './conversation-state.ts';
import type { ChatConversation } from './chat-conversation.ts';

export type SubmitDraftOutcome = { readonly kind: 'created'; readonly ad: Ad } | { readonly kind: 'already_done' };

class DraftChanged extends Error {
  constructor() {
    super('the draft changed or was already submitted');
  }
}

/**
 * Submits the chat's draft through submitAd and, IN THE SAME TRANSACTION, moves the conversation
 * from the exact stored state it was read in (compare-and-set on step + dataJson) to idle with a
 * `submitted` marker. A repeated Confirm — the same update redelivered after a crash, a double
 * tap, or two handlers racing — finds the state changed, rolls its transaction back (no second
 * ad) and gets `already_done`.
 *
 * submitAd opens its own transaction and takes no hook, so its `db` is wrapped: `$transaction`
 * runs submitAd's work and then the compare-and-set in one transaction. (If submitAd grows an
 * `inTransaction(tx, ad)` option, this wrapper can go.)
 */
export async function submitDraft(
  deps: SubmitAdDeps,
  convo: ChatConversation,
  input: SubmitAdInput,
  update: { updateId: number },
): Promise<SubmitDraftOutcome> {
  const expected = convo.persisted;
  const nonce = convo.draft?.nonce;
  if (!expected || !nonce || convo.step !== 'preview') return { kind: 'already_done' };
  let committed: { data: ConversationData; dataJson: string } | null = null;
  const db = withTransactionEpilogue(deps.db, async (tx, result: SubmitAdResult) => {
    const data: ConversationData = {
      draft: null,
      submitted: { nonce, adId: result.ad.id, code: result.ad.code, updateId: update.updateId },
      lastUpdateId: update.updateId,
    };
    const dataJson = serializeData(data);
    const { count } = await tx.conversation.updateMany({
      where: { botId: convo.botId, chatId: convo.chatId, step: expected.step, dataJson: expected.dataJson },
      data: { step: 'idle', dataJson },
    });
    if (count !== 1) throw new DraftChanged();
    committed = { data, dataJson };
  });
  try {
    const { ad } = await submitAd({ ...deps, db }, input);
    const done = committed as { data: ConversationData; dataJson: string } | null;
    if (done) convo.committed('idle', done.data, done.dataJson);
    return { kind: 'created', ad };
  } catch (error) {
    if (error instanceof DraftChanged) return { kind: 'already_done' };
    throw error;
  }
}

/** `db` whose interactive `$transaction(fn)` also runs `epilogue(tx, result)` before committing. */
function withTransactionEpilogue<R>(db: Db, epilogue: (tx: DbTx, result: R) => Promise<void>): Db {
  const $transaction = (work: (tx: DbTx) => Promise<R>) =>
    db.$transaction(async (tx) => {
      const result = await work(tx);
      await epilogue(tx, result);
      return result;
    });
  return new Proxy(db, {
    get: (target, property) => (property === '$transaction' ? $transaction : Reflect.get(target, property, target)),
  });
}
