import type { CliCommand } from '../cli-command.ts';
import { createRuntime } from '../../shared/runtime/create-runtime.ts';
import { createLogger } from '../../shared/logger.ts';
import { redactText } from '../../shared/redact.ts';
import { DOCTOR_CHECKS } from '../doctor/doctor-checks.ts';

/** One line per check; exit 1 when any check fails (warnings do not fail). */
export const doctorCommand: CliCommand = {
  name: 'doctor',
  usage: 'doctor                        check database, migrations, bots, integrations',
  async run(_args, config, io) {
    const runtime = createRuntime(config, { name: 'doctor', logger: createLogger({ level: 'silent' }) });
    let failed = 0;
    try {
      for (const check of DOCTOR_CHECKS) {
        let results;
        try {
          const outcome = await check.run(runtime);
          results = Array.isArray(outcome) ? outcome : [outcome];
        } catch (error) {
          results = [{ ok: false, detail: redactText(error instanceof Error ? error.message.split('\n')[0] ?? '' : String(error)) }];
        }
        for (const result of results) {
          if (!result.ok) failed += 1;
          const mark = !result.ok ? 'FAIL' : result.level === 'warn' ? 'WARN' : 'ok  ';
          io.out(`${mark} ${check.name}: ${result.detail}`);
        }
      }
    } finally {
      await runtime.database.close();
    }
    return failed ? 1 : 0;
  },
};
