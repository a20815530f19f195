/**
 * Scrubs secrets out of free text (error messages, URLs): Telegram bot tokens, bearer tokens,
 * API keys in query strings, OpenAI-style keys, partner/staff keys.
 */
const PATTERNS: Array<[RegExp, string]> = [
  [/\b\d{5,}:[A-Za-z0-9_-]{30,}\b/g, '<bot-token>'],
  [/(\/bot)[^/\s]+/g, '$1<bot-token>'],
  [/\bsk-[A-Za-z0-9_-]{8,}/g, '<openai-key>'],
  [/\b(?:pk|st)_[0-9a-f]{12}_[A-Za-z0-9_-]{16,}/g, '<api-key>'],
  [/([?&](?:access_token|token|key|api_key|secret)=)[^&\s"']+/gi, '$1<redacted>'],
  [/(Bearer\s+)[A-Za-z0-9._~+/=-]+/gi, '$1<redacted>'],
];

export function redactText(text: string): string {
  return PATTERNS.reduce((acc, [pattern, replacement]) => acc.replace(pattern, replacement), text);
}
