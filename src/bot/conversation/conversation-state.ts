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
  /** The album (Telegram media group) the photo came in, if any. */
  readonly mediaGroupId: string | null;
  /** The user's message: photos are kept in message_id order (Telegram's), and a redelivered one is not added twice. Absent for photos copied from an earlier ad. */
  readonly messageId?: number;
}

/** An album whose photos are still arriving: its preview is shown by a delayed job (album-preview-job.ts). */
export interface PendingAlbum {
  readonly mediaGroupId: string;
  /** The album photo handled last: only that photo's job shows the preview. */
  readonly lastMessageId: number;
}

export interface Draft {
  /** Short random id of this draft, carried in its buttons' callback data (stale-button check). */
  readonly nonce: string;
  readonly categoryId?: number | null;
  readonly content?: string;
  /** Up to 10 photos in Telegram's order (AdPhoto rows are written on Confirm). */
  readonly photos?: readonly DraftPhoto[];
  /** Photos left out because the draft already had 10 (told once, with the next preview). */
  readonly photosDropped?: number;
  readonly album?: PendingAlbum | null;
  /** An album sent at the text step without a caption: refused once, its other photos ignored. */
  readonly refusedAlbum?: string | null;
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
  const draft = raw.draft && typeof raw.draft === 'object' && typeof raw.draft.nonce === 'string' ? withPhotoList(raw.draft) : null;
  const submitted = raw.submitted && typeof raw.submitted === 'object' && typeof raw.submitted.adId === 'string' ? raw.submitted : null;
  const lastUpdateId = typeof raw.lastUpdateId === 'number' ? raw.lastUpdateId : null;
  const flow = isFlowStep(step) && draft !== null;
  return { step: flow ? step : 'idle', data: { draft: flow ? draft : null, submitted, lastUpdateId } };
}

/** Drafts stored before albums had one `photo`: read as a list of one. */
function withPhotoList(draft: Draft & { photo?: DraftPhoto | null }): Draft {
  if (!('photo' in draft)) return draft;
  const { photo, ...rest } = draft;
  return { ...rest, photos: rest.photos ?? (photo ? [photo] : []) };
}

/** The draft's photos (none when absent). */
export function draftPhotos(draft: Draft): readonly DraftPhoto[] {
  return draft.photos ?? [];
}

export function serializeData(data: ConversationData): string {
  return JSON.stringify(data);
}
