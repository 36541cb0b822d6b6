/**
 * The host machine's own time and event-loop turns, for what protects the real server rather than
 * simulates anything: a client's message rate is measured in real milliseconds whatever the
 * scenario's clock does (paused, manual or sped up), and large work yields to other clients' I/O
 * between turns. Nothing a scenario replays may depend on these.
 */

/** Monotonic real milliseconds (performance.now), finer than a millisecond; only differences mean anything. */
export const realNow = (): number => performance.now();

/**
 * Real wall-clock milliseconds since the epoch (Date.now): for telling another process where real
 * time stands, such as the anchor of a bot's time warp (server/src/warp/), never for simulated time.
 */
export const wallNow = (): number => Date.now();

/** Runs `fn` on the event loop's next turn, after the I/O already waiting (setImmediate). */
export function nextTurn(fn: () => void): void {
  setImmediate(fn);
}

/** Runs `fn` once `ms` real milliseconds have passed (setTimeout, not keeping the process alive). */
export function afterReal(ms: number, fn: () => void): void {
  setTimeout(fn, ms).unref();
}

/** Real time (ms) a long job may keep the event loop before it lets I/O in: well under the ~50 ms a client would notice. */
export const SLICE_MS = 20;

/**
 * A slice of real time starting now: the returned function tells whether `ms` have passed. Long
 * jobs (a fast-forward through simulated days) check it between units of work and yield when it
 * says so; what they compute never depends on where a slice ended.
 */
export function sliceDeadline(ms = SLICE_MS): () => boolean {
  const end = realNow() + ms;
  return () => realNow() >= end;
}

/** Resolves on a later turn of the event loop, after pending I/O (requests, signals) has been served. */
export function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => nextTurn(resolve));
}

/** Resolves once `ms` real milliseconds have passed; keeps the process alive meanwhile (a grace period is waited out in full). */
export function waitReal(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Runs `fn` every `ms` real milliseconds until stopped (setInterval, not keeping the process alive). */
export function everyReal(ms: number, fn: () => void): { stop(): void } {
  const timer = setInterval(fn, ms).unref();
  return { stop: () => clearInterval(timer) };
}

/** A signal that aborts after `ms` real milliseconds (a deadline for a call to another process). */
export const realDeadline = (ms: number): AbortSignal => AbortSignal.timeout(ms);
