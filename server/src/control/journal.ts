import type { NeutralError } from '../exchange/neutral-errors.js';
import type { Operation } from '../exchange/operations.js';

/** What became of one request, message or connection, as a bot's conduct is judged by it. */
export type JournalOutcome = 'ok' | 'error' | 'fault' | 'refused' | 'closed';

/**
 * What a request did to the exchange's state, by id, whatever became of its reply (an ambiguous
 * commit, a reset, a closed connection): the verdict relates requests to orders and funding by
 * these ids, never by equal timestamps. Lists are never empty; a request that changed nothing has
 * no Effects at all. A dead man's switch armed by a request is not its effect (the orders it
 * cancels later are the switch's).
 */
export interface Effects {
  /** Orders the request placed (an edit's replacement order included). */
  created?: readonly string[];
  /** Orders it cancelled. */
  cancelled?: readonly string[];
  /** Orders it amended in place, or replaced by a new order (an edit: the replacement is in `created`). */
  amended?: readonly string[];
  /** Withdrawals it requested or cancelled (their reference ids). */
  funding?: readonly string[];
}

/** Effects from lists that may be empty: only the non-empty ones are kept; undefined when none is. */
export function effectsOf(lists: Effects): Effects | undefined {
  const { created, cancelled, amended, funding } = lists;
  if (!created?.length && !cancelled?.length && !amended?.length && !funding?.length) return undefined;
  return {
    ...(created?.length ? { created } : {}), ...(cancelled?.length ? { cancelled } : {}),
    ...(amended?.length ? { amended } : {}), ...(funding?.length ? { funding } : {}),
  };
}

/** Two sets of effects of one request as one (lists joined), e.g. a WebSocket request answered once per order; undefined when neither has any. */
export function joinEffects(a: Effects | undefined, b: Effects | undefined): Effects | undefined {
  if (!a || !b) return a ?? b;
  const join = (x: readonly string[] | undefined, y: readonly string[] | undefined): readonly string[] | undefined => (x && y ? [...x, ...y] : x ?? y);
  return effectsOf({ created: join(a.created, b.created), cancelled: join(a.cancelled, b.cancelled), amended: join(a.amended, b.amended), funding: join(a.funding, b.funding) });
}

/** One entry of the request journal: a REST call, a WebSocket message, or a connection event. */
export interface JournalEntry {
  /** Position in the journal (1, 2, …), never reused even after old entries are dropped. */
  seq: number;
  /** Simulated time the request arrived, ms since the epoch. */
  time: number;
  transport: 'rest' | 'ws' | 'status';
  /** Client address as the server saw it. */
  ip: string;
  /** Account name, when the request named a known API key or token. */
  account: string | undefined;
  /**
   * The dialect's native name: a REST method (Kraken's `AddOrder`), a WebSocket request
   * (`ws:subscribe`), a connection event (`ws:connect…`, `ws:close…`: transport-neutral), or a status-page path.
   */
  route: string;
  /** The neutral operation the dialect maps the request to (absent for connection events, status polls and unknown names); checks use this, never `route`. */
  op?: Operation | undefined;
  /**
   * The neutral error the reply stood for (`rate-limited`, `locked-out`, `busy`…), as the dialect
   * classifies its native error or status; absent for successes and errors without a neutral meaning.
   * Checks read this, never the dialect's error text.
   */
  problem?: NeutralError | undefined;
  /** HTTP status sent (REST, refused upgrades), the close code (`ws:close`), else 0. */
  status: number;
  outcome: JournalOutcome;
  /** The dialect's error text (REST or WebSocket) or the close reason, when there was one. */
  error: string | undefined;
  /** Names of the fault rules that fired on it (one shared frozen empty list when none did). */
  faults: readonly string[];
  /** Simulated ms from arrival to the reply (scripted delays included). */
  latencyMs: number;
  /** The Retry-After the reply carried, in ms (REST), for the verdict's "honours Retry-After". */
  retryAfterMs?: number | undefined;
  /** Order-entry details (pair, side, type, volume, price, userref, cl_ord_id) for duplicate checks. */
  detail: Record<string, string> | undefined;
  /** The orders and withdrawals the request touched (absent when it changed nothing). */
  effects?: Effects | undefined;
}

/** Which entries `list` returns; every given field must match. */
export interface JournalFilter {
  account?: string | undefined;
  route?: string | undefined;
  transport?: JournalEntry['transport'] | undefined;
  outcome?: JournalOutcome | undefined;
  /** Entries with `seq` greater than this (for polling: pass the last seq seen). */
  after?: number | undefined;
  /** Entries at or after this simulated time. */
  since?: number | undefined;
  /** At most this many, the latest ones (default 500). */
  limit?: number | undefined;
}

/** How many entries the journal keeps by default: enough for a long CI run, bounded for an all-day one. */
export const DEFAULT_JOURNAL_SIZE = 10_000;

/** The `faults` of every entry no rule fired on: one frozen empty list rather than one per entry. */
const NO_FAULTS: readonly string[] = Object.freeze([]);

/** Route names the journal keeps one shared string for (each request otherwise brings its own copy); later new names are kept as given. */
const SHARED_ROUTES = 1_000;

/**
 * The request journal: a ring buffer of the latest `size` entries (older ones are dropped, so a
 * mock left running all day stays bounded), with listeners for live views and the verdict.
 */
export class Journal {
  private readonly ring: (JournalEntry | undefined)[];
  private next = 0;
  /** Entries up to this seq were cleared by a reset. */
  private cleared = 0;
  private readonly listeners = new Set<(e: JournalEntry) => void>();
  private readonly routes = new Map<string, string>();

  constructor(readonly size = DEFAULT_JOURNAL_SIZE) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`journal size must be a positive integer, got ${size}`);
    this.ring = new Array<JournalEntry | undefined>(size);
  }

  /** Entries recorded since the start (including those dropped from the ring). */
  get total(): number {
    return this.next;
  }

  record(entry: Omit<JournalEntry, 'seq'>): JournalEntry {
    const e: JournalEntry = { seq: ++this.next, ...entry, route: this.routeName(entry.route), faults: entry.faults.length > 0 ? entry.faults : NO_FAULTS };
    this.ring[(e.seq - 1) % this.size] = e;
    for (const l of this.listeners) l(e);
    return e;
  }

  /** Entries still held, oldest first, that match `filter`. */
  list(filter: JournalFilter = {}): JournalEntry[] {
    const out: JournalEntry[] = [];
    const first = Math.max(this.cleared + 1, this.next - this.size + 1, (filter.after ?? 0) + 1);
    for (let seq = first; seq <= this.next; seq++) {
      const e = this.ring[(seq - 1) % this.size]!;
      if (filter.account !== undefined && e.account !== filter.account) continue;
      if (filter.route !== undefined && e.route !== filter.route) continue;
      if (filter.transport !== undefined && e.transport !== filter.transport) continue;
      if (filter.outcome !== undefined && e.outcome !== filter.outcome) continue;
      if (filter.since !== undefined && e.time < filter.since) continue;
      out.push(e);
    }
    const limit = filter.limit ?? 500;
    return out.length > limit ? out.slice(out.length - limit) : out;
  }

  /**
   * About how many entries arrived at or after simulated time `since`, for live rates: walks back
   * from the newest and stops after 100 older ones in a row (entries answered late are few).
   */
  countSince(since: number): number {
    let n = 0;
    let older = 0;
    for (let seq = this.next; seq > Math.max(this.cleared, this.next - this.size) && older < 100; seq--) {
      if (this.ring[(seq - 1) % this.size]!.time >= since) {
        n++;
        older = 0;
      } else older++;
    }
    return n;
  }

  /** Calls `fn` for every new entry until the returned function is called. */
  subscribe(fn: (e: JournalEntry) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** The shared string for a route name (the first SHARED_ROUTES names seen get one). */
  private routeName(route: string): string {
    const shared = this.routes.get(route);
    if (shared !== undefined) return shared;
    if (this.routes.size < SHARED_ROUTES) this.routes.set(route, route);
    return route;
  }

  /** Forgets every entry (a reset); sequence numbers go on. */
  clear(): void {
    this.ring.fill(undefined);
    this.cleared = this.next;
  }
}
