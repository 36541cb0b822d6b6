// The part of autocannon 8's programmatic API the benchmarks use (the package ships no types).
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events';

  /** A request as setupRequest sees and returns it. */
  export interface Request {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
  }

  /** One step of the per-connection request sequence; `context` is reset when the sequence restarts. */
  export interface RequestStep extends Request {
    setupRequest?: (req: Request, context: Record<string, unknown>) => Request | undefined;
    onResponse?: (status: number, body: string, context: Record<string, unknown>, headers: Record<string, string>) => void;
  }

  /** A run: target, connections, fixed duration or number of requests, and the request sequence each connection loops over. */
  export interface Options extends Request {
    url: string;
    connections?: number;
    pipelining?: number;
    /** Seconds. */
    duration?: number;
    /** Requests to complete, in place of a duration. */
    amount?: number;
    timeout?: number;
    requests?: RequestStep[];
  }

  /** What a finished run reports (only the fields the benchmarks read). */
  export interface Result {
    /** Connection errors (timeouts included). */
    errors: number;
    timeouts: number;
  }

  /** A running benchmark: emits `response` (client, status, bytes, responseTime in ms) and resolves to the Result. */
  export interface Instance extends EventEmitter, PromiseLike<Result> {
    stop(): void;
  }

  /** Starts a run. */
  export default function autocannon(opts: Options): Instance;
}
