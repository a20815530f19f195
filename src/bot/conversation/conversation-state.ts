import crypto from 'node:crypto';

/**
 * The submission flow's state, stored per (bot, chat) in `Conversation` (`step` + `dataJson`),
 * never in memory: identical under webhook and polling, and it survives restarts.
 * A draft exists exactly while the step is one of FLOW_STEPS.
 */
export const FLOW_STEPS = ['contact', 'category', 'text', 'photo', 'preview'] as const;
export type FlowStep = (typeof FLOW_STEPS)[number];
export type Step = 'idle' | FlowStep;

export interface DraftPhoto {
  readonly fileId: string;
  readonly fileUniqueId: string | null;
  /** Set when the photo came in an album: the album's other photos are ignored quietly. */
  readonly mediaGroupId: string | null;
}

export interface Draft {
  /** Short random id of this draft, carried in its buttons' callback data (stale-button check). */
  readonly nonce: string;
  readonly categoryId?: number | null;
  readonly content?: string;
  readonly photo?: DraftPhoto | null;
  /** Edit & Resubmit: the uuid of the ad this draft replaces. */
  readonly resubmitOf?: string;
}

/** The last draft submitted from this chat, to answer a repeated Confirm without a second ad. */
export interface SubmittedMarker {
  readonly nonce: string;
  readonly adId: string;
  readonly code: string;
  readonly updateId: number;
}

export interface ConversationData {
  readonly draft: Draft | null;
  readonly submitted: SubmittedMarker | null;
  /** The update that last changed this state: a redelivery of it is recognised and not applied twice. */
  readonly lastUpdateId: number | null;
}

export const EMPTY_DATA: ConversationData = { draft: null, submitted: null, lastUpdateId: null };

export function isFlowStep(step: string): step is FlowStep {
  return (FLOW_STEPS as readonly string[]).includes(step);
}

export function newNonce(): string {
  return crypto.randomBytes(4).readUInt32BE(0).toString(36);
}

/** Reads stored state; anything unreadable or inconsistent becomes the idle state. */
export function parseConversation(step: string, dataJson: string): { step: Step; data: ConversationData } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(dataJson);
  } catch {
    return { step: 'idle', data: EMPTY_DATA };
  }
  const raw = (parsed ?? {}) as Partial<ConversationData>;
  const draft = raw.draft && typeof raw.draft === 'object' && typeof raw.draft.nonce === 'string' ? raw.draft : null;
  const submitted = raw.submitted && typeof raw.submitted === 'object' && typeof raw.submitted.adId === 'string' ? raw.submitted : null;
  const lastUpdateId = typeof raw.lastUpdateId === 'number' ? raw.lastUpdateId : null;
  const flow = isFlowStep(step) && draft !== null;
  return { step: flow ? step : 'idle', data: { draft: flow ? draft : null, submitted, lastUpdateId } };
}

export function serializeData(data: ConversationData): string {
  return JSON.stringify(data);
}
