/**
 * CSV cells that are safe to open in a spreadsheet: a value starting with = + - @ (or their
 * full-width forms), a tab or a carriage return is prefixed with a single quote so it is never
 * run as a formula (OWASP "CSV injection"); quotes, commas and line breaks are quoted.
 */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : value instanceof Date ? value.toISOString() : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: readonly unknown[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
