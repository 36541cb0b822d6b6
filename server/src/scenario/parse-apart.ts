import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { markValidated } from './compiled.js';
import { parseScenario, type LoadResult } from './load.js';

/**
 * Scenario text up to this many characters is parsed on the calling thread (a few milliseconds;
 * every built-in scenario is under 5,000); longer text goes to a worker thread.
 */
export const IN_THREAD_CHARS = 8192;

/** The compiled worker beside this module (dist/, or the CLI bundle's folder); absent when running from TypeScript sources. */
const WORKER = new URL('./parse-worker.js', import.meta.url);

/** Whether the compiled worker is there, looked up on the first long parse (the package does not change while it runs). */
let workerBuilt: boolean | undefined;

/** Memory a parse may use (MB): a hostile document fails alone instead of taking the server's heap. */
const WORKER_HEAP_MB = 256;

/**
 * parseScenario without holding the event loop: YAML parsing and validation take about 2 µs a
 * character, so a 1 MB scenario sent to the control API would stop every client for seconds.
 * Long text is parsed in a worker thread with its own memory limit; the result is the same. From
 * TypeScript sources (no compiled worker), and for short text, it parses in place.
 */
export function parseScenarioApart(text: string, file: string): Promise<LoadResult> {
  workerBuilt ??= existsSync(fileURLToPath(WORKER));
  if (text.length <= IN_THREAD_CHARS || !workerBuilt) return Promise.resolve(vouched(parseScenario(text, file)));
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { workerData: { text, file }, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
    let answered = false;
    worker.once('message', (result: LoadResult) => {
      answered = true;
      resolve(vouched(result));
    });
    worker.once('error', (err) => {
      answered = true;
      const heap = (err as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY';
      resolve({ ok: false, issues: [{ file, line: 0, col: 0, path: '', message: heap ? `the scenario needs more than ${WORKER_HEAP_MB} MB to parse` : `the scenario could not be parsed: ${err.message}` }] });
    });
    worker.once('exit', (code) => {
      if (!answered) reject(new Error(`the scenario parser stopped (exit code ${code}) without an answer`));
    });
  });
}

/** A valid result's scenario is vouched for, so the restart that loads it does not validate it a second time on the event loop. */
function vouched(result: LoadResult): LoadResult {
  if (result.ok) markValidated(result.scenario);
  return result;
}
