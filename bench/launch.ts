import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { once } from 'node:events';

/** A server running in a child process, so a load generator never shares its event loop. */
export interface Launched {
  /** Base URL from the ready line (`… listening on http://HOST:PORT`). */
  url: string;
  pid: number;
  /** Milliseconds from spawn to the ready line. */
  readyMs: number;
  /** Resolves with the first stdout line matching `re` (already printed or still to come). */
  line(re: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** Resident set size now, in MiB (VmRSS from /proc; NaN where /proc is missing). */
  rssMiB(): number;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<void>;
}

const READY = /listening on (http:\/\/\S+)/;

/** Spawns `node ARGS…` and resolves once it prints its ready line; rejects if it exits or takes longer than `timeoutMs`. */
export async function launch(args: readonly string[], opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<Launched> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...opts.env } });
  const lines: string[] = [];
  const listeners = new Set<() => void>();
  let stderr = '';
  let partial = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
    for (const l of [...listeners]) l();
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => void (stderr += chunk));
  const line = (re: RegExp, timeoutMs = opts.timeoutMs ?? 10_000): Promise<RegExpExecArray> => new Promise((resolve, reject) => {
    const check = (): void => {
      for (const l of lines) {
        const m = re.exec(l);
        if (m) return done(() => resolve(m));
      }
      if (child.exitCode !== null || child.signalCode !== null) done(() => reject(new Error(`${args.join(' ')} exited (${child.exitCode ?? child.signalCode}) before printing ${re}: ${stderr.trim()}`)));
    };
    const timer = setTimeout(() => done(() => reject(new Error(`${args.join(' ')} printed no ${re} within ${timeoutMs} ms: ${stderr.trim()}`))), timeoutMs);
    const done = (then: () => void): void => {
      clearTimeout(timer);
      listeners.delete(check);
      child.off('exit', check);
      then();
    };
    listeners.add(check);
    child.on('exit', check);
    check();
  });
  const ready = await line(READY);
  const readyMs = performance.now() - started;
  return { url: ready[1]!, pid: child.pid!, readyMs, line, rssMiB: () => rssMiB(child.pid!), stop: () => stop(child) };
}

/** VmRSS of a process in MiB, from /proc/PID/status. */
export function rssMiB(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? Number.NaN : Number(kb) / 1024;
  } catch {
    return Number.NaN;
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

/** Samples a process's RSS every `everyMs` until stopped; `stop()` gives the highest reading (MiB). */
export function watchRss(target: Launched, everyMs = 100): { stop(): number } {
  let peak = target.rssMiB();
  const timer = setInterval(() => void (peak = Math.max(peak, target.rssMiB())), everyMs);
  return { stop: () => (clearInterval(timer), Math.max(peak, target.rssMiB())) };
}
