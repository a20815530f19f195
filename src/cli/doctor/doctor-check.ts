import type { Runtime } from '../../shared/runtime/create-runtime.ts';

export interface CheckResult {
  readonly ok: boolean;
  /** `warn` is reported but does not fail the run. */
  readonly level?: 'warn';
  readonly detail: string;
}

export interface DoctorCheck {
  readonly name: string;
  run(runtime: Runtime): Promise<CheckResult | CheckResult[]>;
}
