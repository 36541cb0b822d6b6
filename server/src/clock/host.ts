/**
 * The host machine's own time and event-loop turns, for what protects the real server rather than
 * simulates anything: a client's message rate is measured in real milliseconds whatever the
 * scenario's clock does (paused, manual or sped up), and large work yields to other clients' I/O
 * between turns. Nothing a scenario replays may depend on these.
 */

/** Monotonic real milliseconds (performance.now), finer than a millisecond; only differences mean anything. */
export const realNow = (): number => performance.now();

/** Runs `fn` on the event loop's next turn, after the I/O already waiting (setImmediate). */
export function nextTurn(fn: () => void): void {
  setImmediate(fn);
}

/** Runs `fn` once `ms` real milliseconds have passed (setTimeout, not keeping the process alive). */
export function afterReal(ms: number, fn: () => void): void {
  setTimeout(fn, ms).unref();
}
