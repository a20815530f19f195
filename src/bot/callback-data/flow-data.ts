import type { FlowStep } from '../conversation/conversation-state.ts';

/**
 * Buttons of the submission flow: `ad:<step>:<draft nonce>:<action>`, e.g. `ad:cat:k3x9q1:4`
 * (category 4) or `ad:pre:k3x9q1:ok`. A press counts only while the chat is at that step of
 * that draft; anything else is a stale button (answered with a short note, state unchanged).
 */
export type ButtonStep = Exclude<FlowStep, 'contact'>;

const CODES: Record<ButtonStep, string> = { category: 'cat', text: 'txt', photo: 'pho', preview: 'pre' };
const STEPS: Record<string, ButtonStep> = { cat: 'category', txt: 'text', pho: 'photo', pre: 'preview' };

export const FLOW_DATA_PATTERN = /^ad:(cat|txt|pho|pre):([0-9a-z]{1,13}):([0-9a-z]{1,20})$/;

export interface FlowData {
  readonly step: ButtonStep;
  readonly nonce: string;
  readonly action: string;
}

export function flowData(step: ButtonStep, nonce: string, action: string | number): string {
  return `ad:${CODES[step]}:${nonce}:${action}`;
}

export function parseFlowData(data: string): FlowData | null {
  const match = FLOW_DATA_PATTERN.exec(data);
  const step = match?.[1] ? STEPS[match[1]] : undefined;
  if (!match || !step) return null;
  return { step, nonce: match[2] ?? '', action: match[3] ?? '' };
}
