import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The product's real processes (and the hello-world baseline) as children: `node --import tsx
 * <entry>`, stdout and stderr written to one log file each, stopped with SIGTERM.
 */
export interface Child {
  readonly name: string;
  readonly process: ChildProcess;
  readonly logFile: string;
  /** The entry script (used to find the real node process among descendants). */
  readonly entry: string;
  stop(): Promise<void>;
  /** Peak resident memory (VmHWM) of the real node process, in MB (10^6 bytes). */
  peakRssMB(): number | null;
  /** CPU time (user + system) the real node process has used so far, in ms. */
  cpuMs(): number | null;
}

export function startChild(name: string, entry: string, env: Readonly<Record<string, string>>, logDir: string): Child {
  const logFile = path.join(logDir, `${name}.log`);
  const log = fs.openSync(logFile, 'a');
  const entryPath = path.resolve(REPO_ROOT, entry);
  // BENCH_CPU_PROF=<dir>: each child writes a V8 CPU profile there when it exits (for finding
  // where a figure's time goes; the figures themselves are then slightly lower).
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${path.join(process.env.BENCH_CPU_PROF, name)}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', import.meta.resolve('tsx'), entryPath], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => {
    exited = true;
    resolve();
  }));
  return {
    name,
    process: child,
    logFile,
    entry: entryPath,
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exit;
      clearTimeout(killer);
    },
    peakRssMB() {
      const pid = child.pid;
      if (pid === undefined || exited) return null;
      return peakRssOfTree(pid, entryPath);
    },
    cpuMs() {
      const pid = child.pid;
      if (pid === undefined || exited) return null;
      return cpuMsOf(realProcess(pid, entryPath));
    },
  };
}

/** Waits until the child prints a line matching `pattern` in its log (or fails if it exits). */
export async function waitForLog(child: Child, pattern: RegExp, timeoutMs = 60_000): Promise<RegExpExecArray> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const match = pattern.exec(fs.readFileSync(child.logFile, 'utf8'));
    if (match) return match;
    if (child.process.exitCode !== null) throw new Error(`${child.name} exited (${child.process.exitCode}); log: ${tail(child.logFile)}`);
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${pattern} from ${child.name}; log: ${tail(child.logFile)}`);
}

/** Waits until GET `url` answers 200. */
export async function waitForHttp(child: Child, url: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.process.exitCode !== null) throw new Error(`${child.name} exited (${child.process.exitCode}); log: ${tail(child.logFile)}`);
    const ok = await fetch(url).then((r) => r.ok, () => false);
    if (ok) return;
    await sleep(200);
  }
  throw new Error(`timed out waiting for ${url} (${child.name}); log: ${tail(child.logFile)}`);
}

/**
 * VmHWM of the process running `entry`: the child itself when node runs the entry directly,
 * else the descendant whose command line names it (a wrapper may sit in between).
 */
function peakRssOfTree(rootPid: number, entry: string): number | null {
  const kb = /VmHWM:\s+(\d+)\s+kB/.exec(readProc(realProcess(rootPid, entry), 'status') ?? '')?.[1];
  return kb === undefined ? null : Math.round((Number(kb) * 1024) / 1e6);
}

/** The deepest process of the tree whose command line names `entry` (else the root). */
function realProcess(rootPid: number, entry: string): number {
  const running = [rootPid, ...descendants(rootPid)].filter((pid) => readProc(pid, 'cmdline')?.split('\0').includes(entry));
  return running.at(-1) ?? rootPid;
}

const CLOCK_TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

function cpuMsOf(pid: number): number | null {
  const stat = readProc(pid, 'stat');
  if (!stat) return null;
  // Fields after the command name (which may contain spaces) start at field 3; utime and stime are 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
}

function descendants(pid: number): number[] {
  const result: number[] = [];
  const tasks = fs.existsSync(`/proc/${pid}/task`) ? fs.readdirSync(`/proc/${pid}/task`) : [];
  for (const task of tasks) {
    const children = readProc(pid, `task/${task}/children`)?.trim();
    if (!children) continue;
    for (const child of children.split(/\s+/).map(Number)) result.push(child, ...descendants(child));
  }
  return result;
}

function readProc(pid: number, file: string): string | null {
  try {
    return fs.readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return null;
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function tail(file: string): string {
  return fs.readFileSync(file, 'utf8').slice(-2000);
}
