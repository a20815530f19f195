/** Escapes text for Telegram's HTML parse mode (the only characters it requires: & < >). */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts text to at most `max` characters (code points), adding an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

/** Length as a person counts it: code points, so an emoji is one character. */
export function visibleLength(text: string): number {
  return [...text].length;
}
