/** Real time (ms) a long job may keep the event loop before it lets I/O in: well under the ~50 ms a client would notice. */
export const SLICE_MS = 20;

/**
 * A slice of real time starting now: the returned function tells whether `ms` have passed. Long
 * jobs (a fast-forward through simulated days) check it between units of work and yield when it
 * says so; what they compute never depends on where a slice ended.
 */
export function sliceDeadline(ms = SLICE_MS): () => boolean {
  const end = performance.now() + ms;
  return () => performance.now() >= end;
}

/** Resolves on a later turn of the event loop, after pending I/O (requests, signals) has been served. */
export function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
