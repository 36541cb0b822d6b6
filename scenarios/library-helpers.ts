import request from 'supertest';
import { afterEach, expect } from 'vitest';
import { auditExchange } from '../server/src/control/audit.js';
import type { Exchange } from '../server/src/exchange/exchange.js';
import type { RequestListener } from 'node:http';
import { sign } from '../server/src/api/kraken/rest/auth.js';
import type { ManualClock } from '../server/src/clock/clock.js';
import { testExchange, type TestExchange } from '../server/test/kraken-client.js';

/** Start of simulated time on the manual clock (the scenarios set no `market.start`). */
export const START = Date.UTC(2026, 0, 1);
export const SEC = 1000;
export const MIN = 60 * SEC;

/**
 * What a client saw for one request, reduced to one word: `ok`, the first Kraken error string
 * (`EService:Busy`), `http 520`, `empty` (HTTP 200 without a JSON envelope) or `reset`.
 */
export interface Seen {
  kind: string;
  status: number | undefined;
  contentType: string;
  body: string;
  result: any;
  /** Simulated ms the request took (scripted latency). */
  tookMs: number;
}

type Pending = PromiseLike<{ status: number; headers: Record<string, string>; text: string }>;

/** Waits for a reply while moving the manual clock to each timer the server sets (scripted latency). */
async function settle<T>(clock: ManualClock, p: Promise<T>): Promise<T> {
  for (;;) {
    const next = await Promise.race([p.then((v) => ({ v })), clock.nextSchedule().then((at) => ({ at }))]);
    if ('v' in next) return next.v;
    clock.advanceTo(Math.max(clock.now(), next.at));
  }
}

async function see(clock: ManualClock, req: Pending): Promise<Seen> {
  const before = clock.now();
  const res = await settle(clock, Promise.resolve(req).then(
    (r) => r,
    (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNRESET' || /socket hang up/.test(err.message)) return undefined;
      throw err;
    },
  ));
  const tookMs = clock.now() - before;
  if (!res) return { kind: 'reset', status: undefined, contentType: '', body: '', result: undefined, tookMs };
  const contentType = String(res.headers['content-type'] ?? '');
  const base = { status: res.status, contentType, body: res.text, tookMs, result: undefined };
  if (res.status !== 200) return { ...base, kind: `http ${res.status}` };
  let json: { error?: unknown; result?: unknown } | undefined;
  try {
    json = JSON.parse(res.text) as typeof json;
  } catch {
    json = undefined;
  }
  if (!json || !Array.isArray(json.error)) return { ...base, kind: 'empty' };
  if (json.error.length > 0) return { ...base, kind: String(json.error[0]) };
  if (json.result && typeof json.result === 'object' && Object.keys(json.result).length === 0 && !Array.isArray(json.result)) {
    return { ...base, kind: 'empty', result: json.result };
  }
  return { ...base, kind: 'ok', result: json.result };
}

/**
 * A Kraken client for the library tests: public and signed private calls over supertest, against
 * the Kraken HTTP handler (no socket of ours) or a running server's URL. Replies are classified, never
 * thrown, and scripted latency is waited out on the manual clock.
 */
export class Bot {
  nonce = 1_000_000;

  constructor(readonly target: RequestListener | string, readonly clock: ManualClock, readonly key: string, readonly secret: string) {}

  pub(method: string, query: Record<string, string | number> = {}): Promise<Seen> {
    return see(this.clock, request(this.target).get(`/0/public/${method}`).query(query));
  }

  priv(method: string, params: Record<string, string | number | boolean> = {}): Promise<Seen> {
    return see(this.clock, this.send(method, params));
  }

  /** Sends a signed private call without waiting for it (for replies that never come). */
  send(method: string, params: Record<string, string | number | boolean> = {}): Promise<{ status: number; headers: Record<string, string>; text: string }> {
    const path = `/0/private/${method}`;
    const nonce = String(++this.nonce);
    const body = new URLSearchParams(Object.entries({ nonce, ...params }).map(([k, v]): [string, string] => [k, String(v)])).toString();
    return Promise.resolve(request(this.target).post(path)
      .set('API-Key', this.key).set('API-Sign', sign(path, nonce, body, this.secret))
      .set('Content-Type', 'application/x-www-form-urlencoded').send(body));
  }

  /** Retries a call until it answers `ok` (a patient client), up to `tries` times, one second apart. */
  async until(call: () => Promise<Seen>, tries = 50): Promise<Seen> {
    for (let i = 0; i < tries; i++) {
      const r = await call();
      if (r.kind === 'ok') return r;
      this.clock.advance(SEC);
    }
    throw new Error(`no ok reply in ${tries} tries`);
  }
}

/** A built-in scenario replayed on the manual clock with its own seed, and a Bot for its first account. */
export async function replay(name: string): Promise<TestExchange & { bot: Bot }> {
  const t = audited(await testExchange({ scenario: name, seed: undefined }));
  return { ...t, bot: new Bot(t.app, t.clock, t.client.key, t.client.secret) };
}

/** Every exchange a scenario test in this file has played: each one's money audit must be clean after every test. */
const played: { readonly exchange: Exchange }[] = [];
afterEach(() => {
  expect(played.flatMap((t) => auditExchange(t.exchange))).toEqual([]);
});

/** Registers an exchange for the money audit after each test of the file (returns it). */
export function audited<T extends { readonly exchange: Exchange }>(t: T): T {
  played.push(t);
  return t;
}

/** Moves the manual clock to `offset` ms after the scenario start. */
export const at = (clock: ManualClock, offset: number): void => void clock.advanceTo(START + offset);

/** Runs `n` calls one after another and counts the kinds of reply. */
export async function tally(n: number, call: (i: number) => Promise<Seen>): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (let i = 0; i < n; i++) {
    const k = (await call(i)).kind;
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

/** Sum of the counts in a tally whose kind is not `ok`. */
export const failures = (t: Record<string, number>): number => Object.entries(t).reduce((s, [k, n]) => s + (k === 'ok' ? 0 : n), 0);

/** Last trade price of a pair from the public Ticker (retrying through faults). */
export async function lastPrice(bot: Bot, pair = 'XBTUSD'): Promise<number> {
  const r = await bot.until(() => bot.pub('Ticker', { pair }));
  return Number((Object.values(r.result)[0] as { c: string[] }).c[0]);
}

/** A price `factor` × `p` rounded to the XBT/USD tick (0.1). */
export const px = (p: number, factor: number): string => (Math.round(p * factor * 10) / 10).toFixed(1);
