import os from 'node:os';

/**
 * Whether `holder` ("<hostname>:<pid>", optionally followed by "/…") names a process on THIS host
 * that no longer exists. A holder on another host, or one that is alive, is never "dead" here:
 * only its lease running out can free what it holds.
 */
export function isDeadLocalProcess(holder: string): boolean {
  const match = /^([^:/]+):(\d+)(?:\/|$)/.exec(holder);
  if (!match || match[1] !== os.hostname()) return false;
  const pid = Number(match[2]);
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
