export interface LinkedSignal {
  readonly signal: AbortSignal;
  abort(reason?: unknown): void;
  /** Detaches from the source signals and clears the timer (call when the work is over). */
  dispose(): void;
}

/**
 * An AbortSignal that follows `sources` and an optional timeout, and can be detached again.
 * Used instead of AbortSignal.any() so that per-request signals never accumulate listeners on
 * the stand-in's long-lived lifetime signal.
 */
export function linkedSignal(sources: readonly AbortSignal[], timeoutMs?: number): LinkedSignal {
  const controller = new AbortController();
  const cleanups: Array<() => void> = [];
  const dispose = (): void => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  };
  const abort = (reason?: unknown): void => {
    if (!controller.signal.aborted) controller.abort(reason);
    dispose();
  };
  for (const source of sources) {
    if (source.aborted) {
      abort(source.reason);
      break;
    }
    const onAbort = (): void => abort(source.reason);
    source.addEventListener('abort', onAbort, { once: true });
    cleanups.push(() => source.removeEventListener('abort', onAbort));
  }
  if (timeoutMs !== undefined && !controller.signal.aborted) {
    const timer = setTimeout(() => abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')), timeoutMs);
    cleanups.push(() => clearTimeout(timer));
  }
  return { signal: controller.signal, abort, dispose };
}
