import { DEFAULT_PARTNER_RATE_LIMIT_PER_MIN } from '../../shared/domain/partners/partner-clients.ts';

/** The partner API's limits (CONTRACT.md §3), named once for the code and the OpenAPI document. */
export const API_BASE_PATH = '/api/v1';
export const DEFAULT_KEY_RATE_LIMIT_PER_MIN = DEFAULT_PARTNER_RATE_LIMIT_PER_MIN;
export const DEFAULT_IP_RATE_LIMIT_PER_MIN = 120;
/** express.json's notation: 64 KiB. */
export const BODY_LIMIT = '64kb';
export const BODY_LIMIT_BYTES = 64 * 1024;
export const PAGE_LIMIT_DEFAULT = 50;
export const PAGE_LIMIT_MAX = 100;
export const EXTERNAL_ID_MAX_LENGTH = 200;
