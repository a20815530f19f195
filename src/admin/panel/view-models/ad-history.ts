import type { AdEvent } from '../../../shared/db/prisma-types.ts';
import { translateKnown, type Translate } from '../i18n/translator.ts';

export interface HistoryEntry {
  readonly createdAt: Date;
  readonly label: string;
  readonly transition: string | null;
  readonly actor: string;
  readonly note: string | null;
}

/** AdEvent rows as the history list shows them: what, from which status to which, who. */
export function toHistory(events: readonly AdEvent[], staffNames: ReadonlyMap<string, string>, t: Translate): HistoryEntry[] {
  const status = (value: string) => translateKnown(t, `status.${value}`, value);
  return events.map((event) => ({
    createdAt: event.createdAt,
    label: translateKnown(t, `event.${event.type}`, event.type),
    transition: event.fromStatus && event.toStatus ? `${status(event.fromStatus)} → ${status(event.toStatus)}` : event.toStatus ? `→ ${status(event.toStatus)}` : null,
    actor:
      event.actorType === 'staff'
        ? (event.actorId ? staffNames.get(event.actorId) : undefined) ?? t('actor.staff', { id: event.actorId ?? '?' })
        : translateKnown(t, `actor.${event.actorType}`, event.actorType) + (event.actorType === 'partner' && event.actorId ? ` #${event.actorId}` : ''),
    note: event.note,
  }));
}
