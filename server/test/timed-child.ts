import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { realNow, wallNow } from '../src/clock/host.js';

/** One line the child printed, with the real time it arrived: monotonic (`at`) and wall-clock (`wall`) ms. */
export interface TimedLine {
  line: string;
  at: number;
  wall: number;
}

/** A child process talked to line by line, each line of its stdout stamped with the real time it arrived. */
export interface TimedChild {
  /** The next stdout line; rejects (with stderr in the message) when stdout ends first. */
  next(): Promise<TimedLine>;
  /** The next stdout line, parsed as JSON. */
  nextJson<T>(): Promise<T & { at: number; wall: number }>;
  /** Writes `line` and a newline to its stdin. */
  send(line: string): void;
  /** Settles once it has exited and its output is all read. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
  kill(): void;
}

/** Starts `command` with `env` over this process's environment (stdin, stdout and stderr piped). */
export function spawnTimed(command: string[], env: Record<string, string>, cwd?: string): TimedChild {
  const child = spawn(command[0]!, command.slice(1), { env: { ...process.env, ...env }, cwd, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const lines: TimedLine[] = [];
  const waiting: { resolve(l: TimedLine): void; reject(e: Error): void }[] = [];
  let ended = false;
  const endedEarly = (): Error => new Error(`the child's stdout ended; stderr:\n${stderr}`);
  const reader = createInterface({ input: child.stdout });
  reader.on('line', (line) => {
    const stamped = { line, at: realNow(), wall: wallNow() };
    const w = waiting.shift();
    if (w) w.resolve(stamped);
    else lines.push(stamped);
  });
  reader.on('close', () => {
    ended = true;
    for (const w of waiting.splice(0)) w.reject(endedEarly());
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stderr }));
  });
  const next = (): Promise<TimedLine> => {
    const l = lines.shift();
    if (l) return Promise.resolve(l);
    if (ended) return Promise.reject(endedEarly());
    return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
  };
  return {
    next, exited,
    nextJson: async <T>() => {
      const l = await next();
      try {
        return { ...(JSON.parse(l.line) as T), at: l.at, wall: l.wall };
      } catch {
        throw new Error(`the child printed ${JSON.stringify(l.line)}, not JSON; stderr:\n${stderr}`);
      }
    },
    send: (line) => void child.stdin.write(`${line}\n`),
    kill: () => void child.kill('SIGKILL'),
  };
}
