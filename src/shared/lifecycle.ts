/**
 * Process lifecycle: one idempotent shutdown path for SIGINT/SIGTERM, run in reverse order of
 * registration (stop taking work first, close the database last), and PM2's ready signal.
 */
type Cleanup = () => Promise<void> | void;

export interface Lifecycle {
  onShutdown(name: string, cleanup: Cleanup): void;
  shutdown(reason: string): Promise<void>;
  readonly stopping: boolean;
  /** Resolves when shutdown has begun. */
  readonly stopped: Promise<string>;
  /** Resolves when every cleanup has run. */
  readonly finished: Promise<void>;
}

export function createLifecycle(log: (message: string, error?: unknown) => void, announce: (message: string) => void = () => undefined): Lifecycle {
  const cleanups: Array<{ name: string; cleanup: Cleanup }> = [];
  let running: Promise<void> | null = null;
  let markStopped!: (reason: string) => void;
  const stopped = new Promise<string>((resolve) => {
    markStopped = resolve;
  });
  let markFinished!: () => void;
  const finished = new Promise<void>((resolve) => {
    markFinished = resolve;
  });
  return {
    onShutdown(name, cleanup) {
      cleanups.push({ name, cleanup });
    },
    get stopping() {
      return running !== null;
    },
    stopped,
    finished,
    shutdown(reason) {
      running ??= (async () => {
        markStopped(reason);
        const started = Date.now();
        announce(`shutting down (${reason})`);
        for (const { name, cleanup } of [...cleanups].reverse()) {
          try {
            await cleanup();
          } catch (error) {
            log(`shutdown step ${name} failed`, error);
          }
        }
        announce(`shutdown complete in ${Date.now() - started} ms`);
        markFinished();
      })();
      return running;
    },
  };
}

/** SIGINT/SIGTERM → shutdown → exit 0; a second signal exits at once. */
export function installSignalHandlers(lifecycle: Lifecycle, exit: (code: number) => void = (code) => process.exit(code)): void {
  const handler = (signal: NodeJS.Signals) => {
    if (lifecycle.stopping) {
      exit(1);
      return;
    }
    void lifecycle.shutdown(signal).then(() => exit(0));
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  // Started by `npm start` (or PM2) over IPC: if that parent goes away, stop cleanly too.
  if (process.connected) process.on('disconnect', () => handler('SIGTERM'));
}

/** PM2 `wait_ready`: tell the parent we are ready, when there is one. */
export function signalReady(): void {
  process.send?.('ready');
}
