// `npm run bench [-- --quick] [-- --sqlite-only] [-- --table] [-- --keep-logs]`
// Runs the benchmarks of DESIGN.md §Performance on SQLite, and on PostgreSQL when
// BENCH_POSTGRES_URL or TEST_POSTGRES_URL is set; every figure is compared with a baseline
// taken in the same run. Writes bench/results.json and prints a Markdown table.
// Exits non-zero only when the benchmark itself could not run, never for a missed target.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { machineInfo } from './machine.ts';
import { parseOptions } from './options.ts';
import { REPO_ROOT } from './processes.ts';
import { runProvider } from './provider-run.ts';
import { buildFigures, renderMachineLine, renderTable, type BenchResults, type ProviderReport } from './report.ts';

const RESULTS_FILE = path.join(REPO_ROOT, 'bench', 'results.json');
const startedAt = Date.now();
const say = (line: string) => process.stdout.write(`[bench ${((Date.now() - startedAt) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const options = parseOptions(argv);
  if (options.tableOnly) {
    const results = JSON.parse(fs.readFileSync(RESULTS_FILE, 'utf8')) as BenchResults;
    process.stdout.write(`${renderTable(results)}\n\n${renderMachineLine(results)}\n`);
    return;
  }
  const machine = machineInfo();
  const runDir = path.join(REPO_ROOT, 'bench', 'tmp', new Date().toISOString().replace(/[:.]/g, '-'));
  say(`${options.profile.name} run on ${options.providers.join(' and ')}; logs in ${path.relative(REPO_ROOT, runDir)}`);
  const [load1] = machine.loadAverageAtStart;
  if (load1 !== undefined && load1 > machine.cores) {
    say(`the machine is busy (load average ${load1} on ${machine.cores} cores): the figures will be disturbed; rerun when it is idle`);
  }
  const providers: ProviderReport[] = [];
  for (const provider of options.providers) {
    const logDir = path.join(runDir, provider);
    fs.mkdirSync(logDir, { recursive: true });
    const measurements = await runProvider(provider, options.profile, logDir, say);
    providers.push({ provider, figures: buildFigures(measurements), measurements });
  }
  const results: BenchResults = {
    generatedAt: new Date().toISOString(),
    command: ['npm run bench', ...(argv.length ? ['--', ...argv] : [])].join(' '),
    profile: options.profile.name,
    machine,
    loadAverageAtEnd: os.loadavg().map((n) => Math.round(n * 100) / 100),
    providers,
  };
  fs.writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
  if (!options.keepLogs) fs.rmSync(runDir, { recursive: true, force: true });
  process.stdout.write(`\n${renderTable(results)}\n\n${renderMachineLine(results)}\n`);
  say(`wrote ${path.relative(REPO_ROOT, RESULTS_FILE)}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    say(`the benchmark could not run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
