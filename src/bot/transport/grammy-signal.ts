import type { Api } from 'grammy';

/**
 * grammY's and the runner's Node typings name the `abort-controller` package's AbortSignal;
 * at run time either kind works in both places (grammY only listens for `abort`).
 */
export type GrammySignal = NonNullable<Parameters<Api['getMe']>[0]>;

export function toGrammySignal(signal: AbortSignal): GrammySignal {
  return signal as unknown as GrammySignal;
}

export function fromGrammySignal(signal: GrammySignal): AbortSignal {
  return signal as unknown as AbortSignal;
}
