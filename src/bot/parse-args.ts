/** `npm run bot -- --for <seconds>`: work at most that long, then exit cleanly (cron mode). */
export function parseBotArgs(argv: readonly string[]): { forSeconds: number | null } {
  const index = argv.indexOf('--for');
  if (index === -1) return { forSeconds: null };
  const value = Number(argv[index + 1]);
  if (!Number.isFinite(value) || value <= 0) throw new Error('--for needs a number of seconds greater than 0');
  return { forSeconds: value };
}
