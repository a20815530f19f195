import type { AdListRow } from '../../../shared/domain/review/ad-list-query.ts';
import { PENDING_STATUSES, type AdStatus } from '../../../shared/domain/ads/ad-status.ts';
import type { Translate, PanelLanguage } from '../i18n/translator.ts';

export interface SourceNames {
  readonly bots: ReadonlyMap<number, string>;
  readonly partners: ReadonlyMap<number, string>;
}

export interface AdRowView extends AdListRow {
  readonly excerpt: string;
  readonly categoryLabel: string;
  readonly sourceLabel: string;
  readonly pending: boolean;
}

export function categoryName(category: { nameFa: string; nameEn: string } | null, lang: PanelLanguage): string {
  if (!category) return '—';
  return lang === 'fa' ? category.nameFa : category.nameEn;
}

export function sourceLabel(ad: { source: string; botId: number | null; partnerClientId: number | null }, names: SourceNames, t: Translate): string {
  if (ad.source === 'bot') return t('source.bot', { name: ad.botId === null ? '—' : (names.bots.get(ad.botId) ?? `#${ad.botId}`) });
  if (ad.source === 'partner') return t('source.partner', { name: ad.partnerClientId === null ? '—' : (names.partners.get(ad.partnerClientId) ?? `#${ad.partnerClientId}`) });
  return t('source.unknown');
}

export function toAdRows(rows: readonly AdListRow[], names: SourceNames, t: Translate, lang: PanelLanguage): AdRowView[] {
  return rows.map((row) => ({
    ...row,
    excerpt: row.content.length > 160 ? `${row.content.slice(0, 160)}…` : row.content,
    categoryLabel: categoryName(row.category, lang),
    sourceLabel: sourceLabel(row, names, t),
    pending: (PENDING_STATUSES as readonly string[]).includes(row.status as AdStatus),
  }));
}
