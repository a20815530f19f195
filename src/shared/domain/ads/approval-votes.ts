import { AppError } from '../../errors.ts';
import { recordAudit, type AuditActor } from '../audit/record-audit.ts';
import { MODERATORS_POSTED_EVENT, enqueueModeratorsMessageUpdate } from '../notifications/moderators-post.ts';
import { PENDING_STATUSES, type AdStatus } from './ad-status.ts';
import { decideAd, type BulkResult, type DecideDeps, type Decision } from './decide-ad.ts';
import { checkPublishAt } from '../publishing/publish-at.ts';
import { votersOf } from './approval-tally.ts';

/**
 * The two-person rule (setting `review.approvalsRequired`, N; 1 = off). A staff approval records
 * the moderator's vote (AdVote, one per staff user and ad: voting again changes nothing and says
 * so); when N distinct votes of ACTIVE staff accounts are in, the ad is approved exactly as a
 * single approval is (decideAd, with the edits and schedule of that last vote). Votes of an
 * account deactivated since do not count. Race-safe: the vote is a unique row, and decideAd's
 * conditional update lets only one of two simultaneous final votes approve; the other one is told
 * the ad is approved. Reject and revision stay single-person decisions.
 */
export type ApproveOutcome =
  | { readonly uuid: string; readonly status: 'approved' }
  | {
      readonly uuid: string;
      readonly status: AdStatus;
      readonly votes: number;
      readonly votesRequired: number;
      /** Names (or emails) of the staff whose votes count, oldest first. */
      readonly voters: string[];
      /** This staff user had already voted: nothing changed. */
      readonly alreadyVoted: boolean;
    };

export const VOTE_EVENT = 'approval_vote';

export async function approveWithVotes(deps: DecideDeps, adId: string, decision: Extract<Decision, { action: 'approve' }>, actor: AuditActor): Promise<ApproveOutcome> {
  const required = await deps.settings.get('review.approvalsRequired');
  const staffId = actor.type === 'staff' && actor.id ? Number(actor.id) : null;
  if (required <= 1 || staffId === null || !Number.isInteger(staffId)) {
    const result = await decideAd(deps, adId, decision, actor);
    return { uuid: result.uuid, status: 'approved' };
  }
  if (decision.publishAt !== undefined) checkPublishAt(decision.publishAt, deps.now?.() ?? new Date());
  const tally = await castVote(deps, adId, staffId, actor);
  if (tally.voters.length < required) {
    return { uuid: adId, status: tally.status, votes: tally.voters.length, votesRequired: required, voters: tally.voters, alreadyVoted: tally.alreadyVoted };
  }
  try {
    await decideAd(deps, adId, decision, actor);
  } catch (error) {
    // Another final vote (or a decision elsewhere) won: fine if it approved.
    if (!(error instanceof AppError && error.code === 'invalid_transition')) throw error;
    const ad = await deps.db.ad.findUnique({ where: { id: adId }, select: { status: true } });
    if (ad?.status !== 'approved') throw error;
  }
  return { uuid: adId, status: 'approved' };
}

interface Tally {
  readonly status: AdStatus;
  readonly voters: string[];
  readonly alreadyVoted: boolean;
}

async function castVote(deps: DecideDeps, adId: string, staffId: number, actor: AuditActor): Promise<Tally> {
  for (let tries = 0; ; tries += 1) {
    try {
      return await deps.db.$transaction(async (tx) => {
        const ad = await tx.ad.findUnique({ where: { id: adId }, select: { status: true, shadowed: true } });
        if (!ad) throw new AppError('not_found', 'Ad not found');
        // A shadowed ad (its submitter is shadow-banned) is never decided, so it takes no votes either.
        if (ad.shadowed || !(PENDING_STATUSES as readonly string[]).includes(ad.status)) {
          throw new AppError('invalid_transition', ad.shadowed ? 'The ad is hidden (its submitter is shadow-banned)' : `The ad is ${ad.status}; only pending ads can be decided`);
        }
        const existing = await tx.adVote.findUnique({ where: { adId_staffUserId: { adId, staffUserId: staffId } }, select: { id: true } });
        if (!existing) {
          await tx.adVote.create({ data: { adId, staffUserId: staffId } });
          await tx.adEvent.create({ data: { adId, type: VOTE_EVENT, fromStatus: ad.status, toStatus: ad.status, actorType: actor.type, actorId: actor.id ?? null } });
          await recordAudit(tx, actor, 'ad.vote', { targetType: 'ad', targetId: adId });
          if (await tx.adEvent.findFirst({ where: { adId, type: MODERATORS_POSTED_EVENT }, select: { id: true } })) {
            await enqueueModeratorsMessageUpdate(tx, deps.jobs, adId);
          }
        }
        return { status: ad.status as AdStatus, voters: await votersOf(tx, adId), alreadyVoted: Boolean(existing) };
      });
    } catch (error) {
      // The same moderator voting twice at the same moment: the unique row says they already voted.
      if ((error as { code?: unknown } | null)?.code !== 'P2002' || tries >= 2) throw error;
    }
  }
}

export interface BulkVoteResult extends BulkResult {
  /** Ads that got this moderator's vote but still need more approvals (only under the two-person rule). */
  readonly voted?: string[];
}

/** Bulk approve under the two-person rule: each ad voted on (and approved when it has enough votes). */
export async function approveManyWithVotes(deps: DecideDeps, uuids: readonly string[], actor: AuditActor): Promise<BulkVoteResult> {
  const required = await deps.settings.get('review.approvalsRequired');
  const done: string[] = [];
  const skipped: string[] = [];
  const voted: string[] = [];
  for (const uuid of new Set(uuids)) {
    try {
      const outcome = await approveWithVotes(deps, uuid, { action: 'approve' }, actor);
      (outcome.status === 'approved' ? done : voted).push(uuid);
    } catch (error) {
      if (error instanceof AppError && (error.code === 'invalid_transition' || error.code === 'not_found')) skipped.push(uuid);
      else throw error;
    }
  }
  return required > 1 ? { done, skipped, voted } : { done, skipped };
}
