/**
 * The AI's per-category scores (ModerationResult.scoresJson, `{category: number}`), highest
 * first, each marked when the category was flagged (categoriesJson, `{category: boolean}`).
 * Anything that does not parse shows nothing rather than breaking the page.
 */
export interface ScoreRow {
  readonly name: string;
  readonly score: string;
  readonly flagged: boolean;
}

export function toScoreRows(scoresJson: string | null | undefined, categoriesJson: string | null | undefined, limit = 8): ScoreRow[] {
  const scores = parseRecord(scoresJson);
  const flags = parseRecord(categoriesJson);
  return Object.entries(scores)
    .filter((entry): entry is [string, number] => typeof entry[1] === 'number' && Number.isFinite(entry[1]))
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([name, score]) => ({ name, score: score.toFixed(3), flagged: flags[name] === true }));
}

function parseRecord(json: string | null | undefined): Record<string, unknown> {
  if (!json) return {};
  try {
    const value: unknown = JSON.parse(json);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
