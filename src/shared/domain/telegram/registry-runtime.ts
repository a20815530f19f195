import type { Runtime } from '../../runtime/create-runtime.ts';

/** The parts of a process's runtime the bot registry needs. */
export type RegistryRuntime = Pick<Runtime, 'config' | 'database' | 'secretBox' | 'settings'>;
