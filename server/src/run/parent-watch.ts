import { everyReal } from '../clock/host.js';

/** How often (real ms) the parent is looked for. */
export const PARENT_POLL_MS = 1_000;

/**
 * Whether npm started this process (npx, npm exec, npm start, npm run): npm runs a bin through
 * `sh -c` and forwards SIGTERM and SIGINT to that shell only, and a shell such as dash dies of it
 * without passing it on, so the CLI would live on with no parent. Elsewhere (a terminal, nohup,
 * docker, a supervisor) losing the parent is no reason to stop.
 */
export function startedByNpm(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.npm_execpath || env.npm_lifecycle_event);
}

/**
 * Calls `onGone` once when the parent process is gone (the parent pid `ppid()` reads changes from
 * what it was at the start, as an orphan is adopted by init or a subreaper), checking every `ms`.
 */
export function watchParent(ppid: () => number, onGone: () => void, ms = PARENT_POLL_MS): { stop(): void } {
  const first = ppid();
  const watch = everyReal(ms, () => {
    if (ppid() === first) return;
    watch.stop();
    onGone();
  });
  return watch;
}
