import request from 'supertest';
import type { RequestListener } from 'node:http';
import { createExchange, type StartOptions } from '../src/app.js';
import { ManualClock } from '../src/clock/clock.js';
import { sign } from '../src/api/kraken/rest/auth.js';
import { createKrakenService } from '../src/api/kraken/rest/service.js';
import { krakenHttpHandler } from '../src/api/kraken/rest/http.js';
import type { Exchange } from '../src/exchange/exchange.js';
import { Journal } from '../src/control/journal.js';

/** A Kraken reply as parsed JSON. */
export interface KrakenBody {
  error: string[];
  result?: any;
}

/**
 * A signing Kraken client over supertest, for tests: public GET/POST and private POST (form or
 * JSON), with a deterministic increasing nonce.
 */
export class TestClient {
  nonce = 1_000_000;

  constructor(readonly app: RequestListener, readonly key: string, readonly secret: string) {}

  async get(method: string, query: Record<string, string | number> = {}): Promise<KrakenBody> {
    const res = await request(this.app).get(`/0/public/${method}`).query(query);
    expectJson(res);
    return res.body as KrakenBody;
  }

  async post(method: string, params: Record<string, unknown> = {}, opts: { json?: boolean; nonce?: number | string; key?: string; secret?: string; sign?: string } = {}): Promise<KrakenBody> {
    const res = await this.raw(method, params, opts);
    expectJson(res);
    return res.body as KrakenBody;
  }

  /** A signed private call; returns supertest's response (status, headers, text). */
  raw(method: string, params: Record<string, unknown>, opts: { json?: boolean; nonce?: number | string; key?: string; secret?: string; sign?: string } = {}) {
    const path = `/0/private/${method}`;
    const nonce = String(opts.nonce ?? ++this.nonce);
    const all = { nonce, ...params };
    const body = opts.json
      ? JSON.stringify(all)
      : new URLSearchParams(Object.entries(all).map(([k, v]): [string, string] => [k, String(v)])).toString();
    const signature = opts.sign ?? sign(path, nonce, body, opts.secret ?? this.secret);
    return request(this.app)
      .post(path)
      .set('API-Key', opts.key ?? this.key)
      .set('API-Sign', signature)
      .set('Content-Type', opts.json ? 'application/json' : 'application/x-www-form-urlencoded')
      .send(body);
  }
}

function expectJson(res: { status: number; headers: Record<string, string>; text: string }): void {
  if (res.status !== 200 || !String(res.headers['content-type']).startsWith('application/json')) {
    throw new Error(`expected a 200 JSON reply, got ${res.status} ${res.headers['content-type']}: ${res.text.slice(0, 200)}`);
  }
}

export interface TestExchange {
  app: RequestListener;
  exchange: Exchange;
  clock: ManualClock;
  client: TestClient;
  /** Every request the handler answered. */
  journal: Journal;
}

/** An exchange on the manual clock behind the Kraken HTTP handler (no listening socket; supertest binds one). */
export async function testExchange(opts: StartOptions = {}): Promise<TestExchange> {
  const { exchange, clock, engine } = await createExchange({ scenario: 'calm', seed: 7, ...opts, clock: 'manual' });
  const journal = new Journal();
  const app = krakenHttpHandler(createKrakenService(exchange, clock, engine, journal), clock);
  const account = [...exchange.accounts.values()][0]!;
  return { app, exchange, clock: clock as ManualClock, client: new TestClient(app, account.spec.key, account.spec.secret), journal };
}
