import { z } from 'zod';
import { isImageTemplateJson } from '../images/image-template.ts';

/**
 * Every setting of CONTRACT.md §2 (and the few the product adds), with its type, default and
 * whether it is a secret (encrypted at rest, write-only, shown masked).
 */
const optionalUrl = z.union([z.literal(''), z.url({ protocol: /^https?$/, error: 'must be an http(s) URL or empty' })]);
const flag = z.boolean();

export const DEFAULT_POLICY = [
  'You pre-screen classified ads for a Persian/English community channel.',
  'Reject: illegal goods or services, adult content, hate or harassment, scams, weapons, drugs,',
  'personal data of third parties, and ads that are not classified ads at all.',
  'Approve ordinary job, rent, event, service and sale ads. Answer unsure when in doubt.',
].join('\n');

export const SETTING_DEFINITIONS = {
  'telegram.channelId': { schema: z.string().regex(/^(-?\d+|@[A-Za-z0-9_]{4,})?$/, { error: 'must be a numeric chat id or @channel' }), default: '', secret: false },
  'telegram.channelHandle': { schema: z.string().max(64), default: '', secret: false },
  'moderation.enabled': { schema: flag, default: true, secret: false },
  'moderation.model': { schema: z.string().min(1).max(100), default: 'gpt-4o-mini', secret: false },
  'moderation.autoRejectFlagged': { schema: flag, default: false, secret: false },
  'moderation.policy': { schema: z.string().max(8000), default: DEFAULT_POLICY, secret: false },
  'moderation.staffLanguage': { schema: z.enum(['fa', 'en']), default: 'fa', secret: false },
  'openai.apiKey': { schema: z.string().max(400), default: '', secret: true },
  'instagram.enabled': { schema: flag, default: false, secret: false },
  'instagram.userId': { schema: z.string().regex(/^\d*$/, { error: 'must be a numeric Instagram user id' }), default: '', secret: false },
  'instagram.accessToken': { schema: z.string().max(1000), default: '', secret: true },
  'webhook.url': { schema: optionalUrl, default: '', secret: false },
  'webhook.secret': { schema: z.string().max(400), default: '', secret: true },
  'ads.maxLength': { schema: z.number().int().min(20).max(4000), default: 500, secret: false },
  'ads.lifetimeDays': { schema: z.number().int().min(1).max(365), default: 30, secret: false },
  /** Days after expiry during which the submitter can still renew an expired ad (0: only before it expires). */
  'ads.renewGraceDays': { schema: z.number().int().min(0).max(365), default: 7, secret: false },
  /** Renewals allowed per ad (0: unlimited). */
  'ads.maxRenewals': { schema: z.number().int().min(0).max(1000), default: 0, secret: false },
  'site.publicBaseUrl': { schema: optionalUrl, default: '', secret: false },
  /** Per Telegram user: ads at once (pending or approved and not expired); 0 = unlimited. */
  'quota.maxActiveAds': { schema: z.number().int().min(0).max(1000), default: 5, secret: false },
  /** Per Telegram user: submissions in any rolling 24 hours; 0 = unlimited. */
  'quota.maxPerDay': { schema: z.number().int().min(0).max(1000), default: 10, secret: false },
  /** Paced publishing: at most N Telegram channel posts per rolling 24 hours, evenly spaced (0 = at once). */
  'pacing.telegram_channel.perDay': { schema: z.number().int().min(0).max(1440), default: 0, secret: false },
  /** Paced publishing: at most N Instagram posts (feed and story of one ad together) per rolling 24 hours (0 = at once). */
  'pacing.instagram.perDay': { schema: z.number().int().min(0).max(1440), default: 0, secret: false },
  /** Paced publishing: a random delay of up to this many minutes added to each planned slot. */
  'pacing.jitterMinutes': { schema: z.number().int().min(0).max(720), default: 0, secret: false },
  /** Two-person rule: distinct moderator approvals an ad needs (1 = one approval decides). */
  'review.approvalsRequired': { schema: z.number().int().min(1).max(5), default: 1, secret: false },
  'images.template': { schema: z.string().max(50_000).refine(isImageTemplateJson, { error: 'must be empty (the built-in template) or a valid image template as JSON' }), default: '', secret: false },
} as const;

export type SettingKey = keyof typeof SETTING_DEFINITIONS;
export type SettingValue<K extends SettingKey> = (typeof SETTING_DEFINITIONS)[K]['default'] extends boolean
  ? boolean
  : (typeof SETTING_DEFINITIONS)[K]['default'] extends number
    ? number
    : string;
export type SettingsValues = { readonly [K in SettingKey]: SettingValue<K> };

export const SETTING_KEYS = Object.keys(SETTING_DEFINITIONS) as SettingKey[];

export function isSettingKey(key: string): key is SettingKey {
  return Object.hasOwn(SETTING_DEFINITIONS, key);
}

/** Parses text typed by a person (CLI `KEY=VALUE`, a form field) into the setting's type. */
export function parseSettingText(key: SettingKey, text: string): SettingValue<SettingKey> {
  const def = SETTING_DEFINITIONS[key];
  const trimmed = text.trim();
  let candidate: unknown = trimmed;
  if (typeof def.default === 'boolean') {
    candidate = ['true', '1', 'yes', 'on'].includes(trimmed.toLowerCase())
      ? true
      : ['false', '0', 'no', 'off', ''].includes(trimmed.toLowerCase())
        ? false
        : trimmed;
  } else if (typeof def.default === 'number') {
    candidate = trimmed === '' ? Number.NaN : Number(trimmed);
  } else if (!def.secret && key !== 'moderation.policy') {
    candidate = trimmed;
  } else {
    candidate = text;
  }
  return validateSetting(key, candidate);
}

export function validateSetting(key: SettingKey, value: unknown): SettingValue<SettingKey> {
  const result = (SETTING_DEFINITIONS[key].schema as z.ZodType).safeParse(value);
  if (!result.success) throw new SettingValidationError(key, result.error.issues[0]?.message ?? 'is invalid');
  return result.data as SettingValue<SettingKey>;
}

export class SettingValidationError extends Error {
  readonly key: SettingKey;
  constructor(key: SettingKey, problem: string) {
    super(`${key}: ${problem}`);
    this.name = 'SettingValidationError';
    this.key = key;
  }
}
