/**
 * One run's signal: aborted by the worker's shutdown or by the run's own deadline. Listeners are
 * removed when the run ends (AbortSignal.any would keep one per run on the worker's long-lived
 * signal until garbage collection).
 */
export function runDeadline(parent: AbortSignal, ms: number): { readonly signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onAbort = () => controller.abort(parent.reason);
  if (parent.aborted) onAbort();
  else parent.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => controller.abort(new DOMException(`the run took longer than ${ms} ms`, 'TimeoutError')), ms);
  timer.unref();
  return {
    signal: controller.signal,
    dispose() {
      clearTimeout(timer);
      parent.removeEventListener('abort', onAbort);
    },
  };
}
