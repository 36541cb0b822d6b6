import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

/** One run of the built CLI: stdout read line by line as it arrives, stderr collected, the exit awaited. */
export interface CliRun {
  child: ChildProcessByStdio<null, Readable, Readable>;
  /** The next stdout line; rejects (with stderr in the message) if stdout ends first. */
  nextLine(): Promise<string>;
  stdout(): string;
  stderr(): string;
  /** Settles once the process has exited and its output is all read. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** The environment variables the CLI reads, and the old names it notices; removed from a run's environment unless the test sets them. */
const CLI_ENV = [
  'CHAOS_EXCHANGE_PORT', 'CHAOS_EXCHANGE_HOST', 'CHAOS_EXCHANGE_SCENARIO', 'CHAOS_EXCHANGE_SEED', 'CHAOS_EXCHANGE_SPEED', 'CHAOS_EXCHANGE_CLOCK', 'CHAOS_EXCHANGE_JOURNAL_SIZE', 'CHAOS_EXCHANGE_ORDER_HISTORY', 'CHAOS_EXCHANGE_CONTROL_TOKEN', 'CHAOS_EXCHANGE_ALLOWED_HOSTS',
  'PORT', 'HOST', 'SCENARIO', 'SEED', 'SPEED', 'JOURNAL_SIZE', 'ORDER_HISTORY', 'CONTROL_TOKEN',
];

/** The proxy's CA for CLI runs of this test process: a folder of its own, never the user's data folder. */
const TEST_CA_DIR = mkdtempSync(join(tmpdir(), 'chaos-test-ca-'));

/** Runs `node bin/chaos-exchange.js ...args` from the package root `root` with the current Node binary. */
export function spawnCli(root: string, args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): CliRun {
  const env = { ...process.env };
  for (const name of CLI_ENV) delete env[name];
  const child = spawn(process.execPath, [join(root, 'bin/chaos-exchange.js'), ...args], {
    cwd: opts.cwd ?? root, env: { ...env, CHAOS_EXCHANGE_CA_DIR: TEST_CA_DIR, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let ended = false;
  const lines: string[] = [];
  const waiting: { resolve(line: string): void; reject(e: Error): void }[] = [];
  const closedEarly = (): Error => new Error(`the CLI's stdout ended; stdout:\n${out}stderr:\n${err}`);
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const reader = createInterface({ input: child.stdout });
  reader.on('line', (line) => {
    out += `${line}\n`;
    const next = waiting.shift();
    if (next) next.resolve(line);
    else lines.push(line);
  });
  reader.on('close', () => {
    ended = true;
    for (const w of waiting.splice(0)) w.reject(closedEarly());
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal }));
  });
  return {
    child, exited, stdout: () => out, stderr: () => err,
    nextLine: () => {
      const line = lines.shift();
      if (line !== undefined) return Promise.resolve(line);
      if (ended) return Promise.reject(closedEarly());
      return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
    },
  };
}
