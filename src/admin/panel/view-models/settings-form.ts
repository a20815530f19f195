import { SETTING_DEFINITIONS, SETTING_KEYS, type SettingKey } from '../../../shared/domain/settings/setting-definitions.ts';
import { translateKnown, type Translate } from '../i18n/translator.ts';

/**
 * The settings page's groups (every key of CONTRACT.md §2, and the product's own few). A key
 * added to the definitions later and not placed here still shows, in the "other" group.
 */
const GROUPS: ReadonlyArray<{ id: string; keys: readonly string[] }> = [
  { id: 'general', keys: ['site.publicBaseUrl', 'moderation.staffLanguage'] },
  { id: 'moderation', keys: ['moderation.enabled', 'moderation.model', 'moderation.policy', 'moderation.autoRejectFlagged', 'openai.apiKey'] },
  { id: 'telegram', keys: ['telegram.channelId', 'telegram.channelHandle'] },
  { id: 'instagram', keys: ['instagram.enabled', 'instagram.userId', 'instagram.accessToken'] },
  { id: 'webhook', keys: ['webhook.url', 'webhook.secret'] },
  { id: 'limits', keys: ['ads.maxLength', 'ads.lifetimeDays', 'ads.renewGraceDays', 'ads.maxRenewals', 'quota.maxActiveAds', 'quota.maxPerDay'] },
  { id: 'publishing', keys: ['review.approvalsRequired', 'pacing.telegram_channel.perDay', 'pacing.instagram.perDay', 'pacing.jitterMinutes'] },
  { id: 'images', keys: ['images.template'] },
];

export const SETTING_GROUPS: ReadonlyArray<{ id: string; keys: readonly SettingKey[] }> = (() => {
  const known = new Set<string>(SETTING_KEYS);
  const groups = GROUPS.map((g) => ({ id: g.id, keys: g.keys.filter((k): k is SettingKey => known.has(k)) })).filter((g) => g.keys.length > 0);
  const placed = new Set<string>(groups.flatMap((g) => g.keys));
  const others = SETTING_KEYS.filter((key) => !placed.has(key));
  return others.length ? [...groups, { id: 'other', keys: others }] : groups;
})();

/** Long free text: a textarea. */
const TEXTAREA_KEYS = new Set<string>(['moderation.policy', 'images.template']);

export type FieldKind = 'boolean' | 'number' | 'secret' | 'textarea' | 'select' | 'text';

export interface SettingField {
  readonly key: SettingKey;
  readonly label: string;
  readonly help: string;
  readonly kind: FieldKind;
  readonly value: string | number | boolean;
  readonly masked: string;
  readonly isSet: boolean;
  readonly options: readonly string[];
  readonly error: string | null;
}

export function fieldKind(key: SettingKey): FieldKind {
  const def = SETTING_DEFINITIONS[key];
  if (def.secret) return 'secret';
  if (typeof def.default === 'boolean') return 'boolean';
  if (typeof def.default === 'number') return 'number';
  if (TEXTAREA_KEYS.has(key)) return 'textarea';
  if (key === 'moderation.staffLanguage') return 'select';
  return 'text';
}

export function buildSettingGroups(
  t: Translate,
  described: ReadonlyArray<{ key: SettingKey; value: string | number | boolean; secret: boolean; isSet: boolean }>,
  overrides: Partial<Record<SettingKey, string | boolean>> = {},
  errors: Partial<Record<SettingKey, string>> = {},
) {
  const byKey = new Map(described.map((d) => [d.key, d]));
  return SETTING_GROUPS.map((group) => ({
    id: group.id,
    title: translateKnown(t, `settings.group.${group.id}`, group.id),
    fields: group.keys.map((key): SettingField => {
      const stored = byKey.get(key);
      const kind = fieldKind(key);
      return {
        key,
        label: translateKnown(t, `setting.${key}`, key),
        help: translateKnown(t, `settingHelp.${key}`, ''),
        kind,
        value: kind === 'secret' ? '' : (overrides[key] ?? stored?.value ?? ''),
        masked: kind === 'secret' ? String(stored?.value ?? '') : '',
        isSet: stored?.isSet ?? false,
        options: key === 'moderation.staffLanguage' ? ['fa', 'en'] : [],
        error: errors[key] ?? null,
      };
    }),
  }));
}
