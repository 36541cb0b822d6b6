import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../clock/clock.js';
import type { Action, Outcome } from '../faults/outcome.js';
import type { Target } from '../faults/rules.js';
import { closeWhenClientLeaves } from '../http-mounts.js';

/**
 * The HTTP side every dialect's REST API shares: a request's parts as the services read them,
 * and carrying out a service's Plan on the response (a scripted delay on the simulated clock, then
 * the Action: a reply, a reset, a hang, a cut-off or dribbled body).
 */

/** Decides fault outcomes for a request (the scenario engine, or nothing in a calm exchange). */
export interface FaultSource {
  /** Whether any fault rule is in force at `now` (so calm phases skip building targets). */
  hasFaults(now: number): boolean;
  decide(target: Target, now: number): { outcomes: Outcome[]; fired: string[] };
}

/**
 * What a transport must do for one request: wait `delayMs` of simulated time, then call `finish()`
 * (which runs the route, unless a fault replaced the reply) and carry out the Action it returns.
 */
export interface Plan {
  delayMs: number;
  fired: string[];
  finish(): Action;
}

/** Waits `ms` of simulated time (the clock decides how long that is in real time). */
export const sleep = (clock: Clock, ms: number): Promise<void> =>
  new Promise((resolve) => (ms > 0 ? clock.after(ms, resolve) : resolve()));

/**
 * Counts requests that cannot complete until simulated time moves (a scripted delay, a hang, a
 * dribbled body): a test driving a manual clock knows the server is waiting when a client's
 * in-flight requests all sit here.
 */
export class ClockWaits {
  private n = 0;

  get count(): number {
    return this.n;
  }

  add(delta: number): void {
    this.n += delta;
  }
}

/**
 * `headers` and a Content-Length, in a new object filled key by key. An object spread here
 * (`{ ...headers, 'content-length': n }`) had V8 put about 240 bytes in the old generation of the
 * heap on every reply, which under load grew the heap well beyond what it held.
 */
function withLength(headers: Readonly<Record<string, string>>, length: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(headers)) out[key] = headers[key]!;
  out['content-length'] = String(length);
  return out;
}

/** Carries out an Action on an HTTP response: reply, reset, hang, cut off or dribble (a HEAD request gets the headers only). */
export async function perform(action: Action, res: ServerResponse, clock: Clock, head = false): Promise<void> {
  switch (action.kind) {
    case 'respond': {
      const bytes = Buffer.from(action.body);
      res.writeHead(action.status, withLength(action.headers, bytes.length));
      res.end(head ? undefined : bytes);
      return;
    }
    case 'reset':
      res.socket?.resetAndDestroy();
      return;
    case 'hang':
      return; // never answered: the client times out (the socket closes with the server)
    case 'truncate': {
      const bytes = Buffer.from(action.body);
      res.writeHead(action.status, withLength(action.headers, bytes.length));
      res.write(bytes.subarray(0, Math.max(1, Math.floor(bytes.length / 2))), () => res.socket?.destroy());
      return;
    }
    case 'dribble': {
      const bytes = Buffer.from(action.body);
      res.writeHead(action.status, withLength(action.headers, bytes.length));
      for (let i = 0; i < bytes.length; i += action.chunkBytes) {
        if (i > 0) await sleep(clock, action.intervalMs);
        if (res.destroyed) return;
        res.write(bytes.subarray(i, i + action.chunkBytes));
      }
      res.end();
    }
  }
}

/** A request's method, path, raw query, headers (lower case, first value) and caller's address, as a dialect's service reads them. */
export function requestParts(req: IncomingMessage): { method: string; path: string; query: string; headers: Record<string, string | undefined>; ip: string | undefined } {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const headers: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v[0] : v;
  return { method: req.method ?? 'GET', path: q >= 0 ? url.slice(0, q) : url, query: q >= 0 ? url.slice(q + 1) : '', headers, ip: req.socket.remoteAddress };
}

/**
 * Carries out a service's plan for one request: its scripted delay on the simulated clock, then
 * its Action. Requests waiting on the clock (the delay, a hang, a dribble still going out) are
 * counted in `waits`, so a test driving a manual clock knows when the server waits on it.
 */
export async function carryOut(req: IncomingMessage, res: ServerResponse, plan: { delayMs: number; finish(): Action }, clock: Clock, waits?: ClockWaits): Promise<void> {
  const waiting = plan.delayMs > 0;
  if (waiting) waits?.add(1);
  await sleep(clock, plan.delayMs);
  if (waiting) waits?.add(-1);
  const action = plan.finish();
  // A hang, or a dribble still going out, waits on the clock until the client gives up or it ends.
  const blocked = action.kind === 'hang' || action.kind === 'dribble';
  if (blocked) waits?.add(1);
  if (action.kind === 'hang') {
    res.once('close', () => waits?.add(-1));
    closeWhenClientLeaves(req, res);
  }
  await perform(action, res, clock, req.method === 'HEAD');
  if (action.kind === 'dribble') waits?.add(-1);
}

/** A reply a dialect's route writes: status, headers and body text. */
interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * What the fault rules decided for one request, as a dialect's service carries it out: the sum of
 * the scripted delays, and `decide`, which (at the end of the delay) runs the route unless a fault
 * replaced the reply, and shapes what goes out: the reply, a fault's action (an edge page, a reset,
 * a hang, a reply lost after the route ran), or the reply cut off or dribbled. `reply` is the
 * route's own answer when it ran (its effects stand even when a fault loses it).
 */
export function outcomePlan<R extends Reply>(outcomes: readonly Outcome[], route: () => R): { delayMs: number; decide(): { action: Action; reply?: R } } {
  let delayMs = 0;
  let final: Exclude<Outcome, { kind: 'delay' | 'ws' }> | undefined;
  for (const o of outcomes) {
    if (o.kind === 'delay') delayMs += o.ms;
    else if (o.kind !== 'ws') final ??= o;
  }
  const decide = (): { action: Action; reply?: R } => {
    if (final?.kind === 'replace') return { action: final.action };
    const reply = route();
    if (!final) return { action: { kind: 'respond', ...reply }, reply };
    if (final.kind === 'commit-then') return { action: final.action, reply };
    if (final.how === 'truncate') return { action: { kind: 'truncate', ...reply }, reply };
    return { action: { kind: 'dribble', ...reply, chunkBytes: final.chunkBytes, intervalMs: final.intervalMs }, reply };
  };
  return { delayMs, decide };
}
