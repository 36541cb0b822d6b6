import { spawn } from 'node:child_process';
import { waitReal } from '../clock/host.js';
import { StderrTail } from './stderr-tail.js';

/** How a bot process ended: its exit code, or the signal that ended it. */
export interface BotExit {
  code: number | null;
  signal: string | null;
}

/** How `stop` went: whether the bot needed SIGKILL after ignoring SIGTERM for the grace period. */
export interface BotStop {
  killed: boolean;
}

/** A running bot: when it ends, how to stop it (and everything it started), and its last stderr lines. */
export interface BotProcess {
  /** Settles when the bot's own process exits (its children may live on until `stop`). */
  exited: Promise<BotExit>;
  /**
   * Sends SIGTERM to the bot's whole process group, then SIGKILL once `graceMs` (real ms) have
   * passed with any of it still running; resolves when none of it runs. Safe to call after the
   * bot exited (its children are stopped all the same) and more than once.
   */
  stop(graceMs: number): Promise<BotStop>;
  /** The last lines (at most 20) the bot wrote to stderr. */
  stderrTail(): string[];
}

/** How often (real ms) a stopping bot's process group is looked at. */
const POLL_MS = 25;
/** After SIGKILL, how long (real ms) to wait for the group to be gone before giving up on it (an unreaped zombie). */
const KILL_WAIT_MS = 2_000;

/** How long (real ms) to wait for the stderr pipe to end once the group is gone. */
const STDERR_WAIT_MS = 500;

/** Whether any process of group `pgid` is left (zombies included: they are gone once reaped). */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Sends `signal` to every process of group `pgid`; a group already gone is not an error. */
function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: nothing is left to signal.
  }
}

/** Polls until group `pgid` is gone or `ms` real milliseconds have passed; true when it is gone. */
async function groupGone(pgid: number, ms: number): Promise<boolean> {
  for (let waited = 0; groupAlive(pgid); waited += POLL_MS) {
    if (waited >= ms) return false;
    await waitReal(POLL_MS);
  }
  return true;
}

/**
 * Starts the bot in a process group of its own (a new session: `npm run bot` or `sh -c` and all
 * they start are one group), with `env` added to ours. Its stdout is ours; its stderr goes to
 * ours too, and its last lines are kept for the report. Its stdin is closed.
 */
export function spawnBotProcess(command: string[], env: Record<string, string>, stderr: (chunk: Buffer) => void): BotProcess {
  const child = spawn(command[0]!, command.slice(1), { stdio: ['ignore', 'inherit', 'pipe'], env: { ...process.env, ...env }, detached: true });
  const tail = new StderrTail(20);
  child.stderr.on('data', (chunk: Buffer) => {
    tail.push(chunk);
    stderr(chunk);
  });
  const exited = new Promise<BotExit>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', (err) => {
      tail.push(Buffer.from(`chaos-exchange run: cannot start the bot: ${err.message}\n`));
      stderr(Buffer.from(`chaos-exchange run: cannot start the bot: ${err.message}\n`));
      resolve({ code: 127, signal: null });
    });
  });
  // However `run` ends (a second Ctrl-C, an uncaught error), the bot's group does not outlive it.
  const last = (): void => {
    if (child.pid !== undefined) signalGroup(child.pid, 'SIGKILL');
  };
  process.once('exit', last);
  const stderrClosed = new Promise<void>((resolve) => child.stderr.once('close', resolve));
  let stopping: Promise<BotStop> | undefined;
  const stop = async (graceMs: number): Promise<BotStop> => {
    const pgid = child.pid;
    if (pgid === undefined) return { killed: false };
    signalGroup(pgid, 'SIGTERM');
    if (await groupGone(pgid, graceMs)) return { killed: false };
    signalGroup(pgid, 'SIGKILL');
    await groupGone(pgid, KILL_WAIT_MS);
    return { killed: true };
  };
  return {
    exited,
    // Once nothing runs, the pipe ends with the bot's last words; a writer that escaped the group cannot hold it open.
    stop: (graceMs) => (stopping ??= stop(graceMs).then(async (r) => {
      process.off('exit', last);
      await Promise.race([stderrClosed, waitReal(STDERR_WAIT_MS)]);
      child.stderr.destroy();
      return r;
    })),
    stderrTail: () => tail.lines(),
  };
}
