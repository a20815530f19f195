import { loadConfig } from '../shared/config/load-config.ts';
import { runCli } from './run-cli.ts';

const code = await runCli(process.argv.slice(2), () => loadConfig(), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
process.exitCode = code;
