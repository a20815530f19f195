import os from 'node:os';
import type { Db } from '../db/prisma-types.ts';
import { acquireLease, releaseLease, renewLease } from '../db/leases.ts';
import { isDeadLocalProcess } from './process-liveness.ts';

export const BOT_PROCESS_LEASE = 'bot-process';
const TTL_MS = 30_000;

export interface ProcessLease {
  readonly holder: string;
  release(): Promise<void>;
}

/**
 * Exactly one bot process at a time. A lease left by a process on this host that no longer
 * exists (kill -9) is taken over at once; otherwise the caller waits or gives up.
 */
export async function takeProcessLease(db: Db, options: { wait: boolean; onWaiting?: (holder: string) => void; signal?: AbortSignal }): Promise<ProcessLease | null> {
  const holder = `${os.hostname()}:${process.pid}`;
  for (;;) {
    if (await acquireLease(db, BOT_PROCESS_LEASE, holder, TTL_MS)) break;
    const current = await db.lease.findUnique({ where: { name: BOT_PROCESS_LEASE } });
    if (current && isDeadLocalProcess(current.holder)) {
      await db.lease.deleteMany({ where: { name: BOT_PROCESS_LEASE, holder: current.holder } });
      continue;
    }
    if (!options.wait || options.signal?.aborted) return null;
    options.onWaiting?.(current?.holder ?? 'unknown');
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
  const timer = setInterval(() => void renewLease(db, BOT_PROCESS_LEASE, holder, TTL_MS).catch(() => undefined), TTL_MS / 3);
  timer.unref();
  return {
    holder,
    async release() {
      clearInterval(timer);
      await releaseLease(db, BOT_PROCESS_LEASE, holder);
    },
  };
}
