import { Agent, request, type IncomingHttpHeaders } from 'node:http';
import type { Clock, Timer } from '../clock/clock.js';

/**
 * The request ccxt hands a custom `fetchImplementation`: `timeout` is the client's `timeout`
 * setting (ms). ccxt also passes the AbortSignal of its own wall-clock timer; it is ignored here,
 * the timeout is kept on the simulated clock instead.
 */
export interface SimRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  timeout?: number;
}

/** ccxt's default `timeout`, used when a request names none. */
export const DEFAULT_TIMEOUT_MS = 10_000;

/** The part of a fetch Response that ccxt's handleRestResponse reads (headers as a plain object, as undici's), with the body already in hand. */
export interface SimResponse {
  status: number;
  statusText: string;
  headers: IncomingHttpHeaders;
  text(): Promise<string>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** One HTTP request over node:http (lighter than fetch; a run makes thousands): the whole reply, or the socket error (ECONNRESET…). */
function roundTrip(agent: Agent, url: string, init: SimRequest): Promise<SimResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method ?? 'GET', headers: init.headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({
          status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers: res.headers,
          text: async () => body.toString('utf8'), arrayBuffer: async () => new Uint8Array(body).buffer,
        });
      });
      res.on('close', () => {
        if (!res.complete) reject(Object.assign(new Error('the reply was cut off'), { code: 'ECONNRESET' }));
      });
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

/**
 * A bot's time and HTTP on a simulated clock, counted so a driver knows when the bot is idle.
 * `sleep` waits on the clock. `fetch` (ccxt's `fetchImplementation`) makes a real request and
 * races it against a simulated timeout: if the clock passes the client's `timeout` first the bot
 * gets a TimeoutError (ccxt's RequestTimeout), as a real client gives up on a hung request. The request
 * itself is left to finish or to die with the server, and stays counted in `inflight` until then:
 * the server still holds it, so the driver's "every request of the bot waits on the clock"
 * (`inflight === requestsWaitingOnClock`) stays exact.
 */
export class SimClient {
  private requests = 0;
  private waits = 0;
  private halted = false;
  private readonly wakers = new Set<() => void>();
  private readonly agent = new Agent({ keepAlive: true });

  constructor(private readonly clock: Clock) {}

  /** Real HTTP requests not settled yet (reply body read, or failed), including those the bot gave up on. */
  get inflight(): number {
    return this.requests;
  }

  /** Whether the bot is waiting on this client (a sleep, or a call awaiting its reply). */
  get blocked(): boolean {
    return this.waits > 0;
  }

  /** Ends every wait at once and refuses new requests: the bot is to return. */
  stop(): void {
    this.halted = true;
    for (const wake of [...this.wakers]) wake();
  }

  /** Resolves after `ms` of simulated time, or at once when stopped. */
  sleep = async (ms: number): Promise<void> => {
    this.waits++;
    try {
      await this.timer(ms).done;
    } finally {
      this.waits--;
    }
  };

  /** ccxt's `fetchImplementation`: the real request against a simulated timeout. */
  fetch = async (url: string, init: SimRequest = {}): Promise<SimResponse> => {
    if (this.halted) throw new Error(`the bot was stopped; ${init.method ?? 'GET'} ${url} not sent`);
    this.waits++;
    const ms = init.timeout ?? DEFAULT_TIMEOUT_MS;
    const timeout = this.timer(ms);
    try {
      const reply = await Promise.race([this.send(url, init), timeout.done.then(() => undefined)]);
      if (!reply) throw new DOMException(`no reply within ${ms} ms of simulated time`, 'TimeoutError');
      return reply;
    } finally {
      timeout.cancel();
      this.waits--;
    }
  };

  private async send(url: string, init: SimRequest): Promise<SimResponse> {
    this.requests++;
    try {
      return await roundTrip(this.agent, url, init);
    } finally {
      this.requests--;
    }
  }

  /** A wait on the clock that also ends (early) when the client is stopped. */
  private timer(ms: number): { done: Promise<void>; cancel(): void } {
    if (!Number.isFinite(ms)) throw new RangeError(`a wait needs a finite number of ms, got ${ms}`);
    let timer: Timer | undefined;
    let wake!: () => void;
    const done = new Promise<void>((resolve) => (wake = resolve));
    const end = (): void => {
      timer?.cancel();
      this.wakers.delete(end);
      wake();
    };
    if (this.halted) end();
    else {
      this.wakers.add(end);
      timer = this.clock.schedule(this.clock.now() + Math.max(0, ms), end);
    }
    return { done, cancel: end };
  }
}
