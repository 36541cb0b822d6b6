import { afterEach, describe, expect, it } from 'vitest';
import { startExchange } from '../src/app.js';
import { sign } from '../src/api/kraken/rest/auth.js';
import type { ScenarioInput } from '../src/scenario/schema.js';
import { judge } from '../src/verdict/verdict.js';

/**
 * Regression: duplicates went unseen on the real clock. The check paired a lost AddOrder with its
 * order by `openedAt === time + latencyMs`, which holds only on the manual clock; on the real one
 * the order is placed a few simulated ms after the request arrived and the check said `n/a`. The
 * promise is about the real clock, so it is tested on one: an exchange on the system clock (sped
 * up, so a microsecond of real time is a simulated millisecond), a real socket, a client that
 * resends the order whose reply it lost.
 */
const SECRET = Buffer.alloc(64, 4).toString('base64');
const SCENARIO: ScenarioInput = {
  name: 'lost-reply',
  market: { pairs: { 'XBT/USD': { price: 50000 } } },
  accounts: [{ name: 'bot', key: 'bot-key-000001', secret: SECRET, balances: { USD: '100000' } }],
  timeline: [{ name: 'lossy', faults: [{ name: 'lost', match: { route: 'AddOrder' }, first: 1, effect: { kind: 'ambiguous' } }] }],
  expect: { account: 'bot', noDuplicateOrders: true },
};

type Running = Awaited<ReturnType<typeof startExchange<{ scenario: ScenarioInput; port: number; clock: 'system'; speed: number }>>>;
let running: Running | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

let nonce = 0;
/** A signed AddOrder over HTTP: the status the client saw. */
async function addOrder(url: string): Promise<number> {
  const n = String(++nonce);
  const body = new URLSearchParams({ nonce: n, pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '1000.0', volume: '0.01' }).toString();
  const path = '/0/private/AddOrder';
  const res = await fetch(`${url}${path}`, {
    method: 'POST', body,
    headers: { 'API-Key': 'bot-key-000001', 'API-Sign': sign(path, n, body, SECRET), 'Content-Type': 'application/x-www-form-urlencoded' },
  });
  await res.arrayBuffer();
  return res.status;
}

describe('duplicates on the real clock', () => {
  it('an order resent after its reply was lost fails noDuplicateOrders, naming both orders', async () => {
    const ex = await startExchange({ scenario: SCENARIO, port: 0, clock: 'system', speed: 1000 });
    running = ex;
    const from = ex.clock.now();
    expect(await addOrder(ex.url)).toBe(502);
    expect(await addOrder(ex.url)).toBe(200);
    const [lost, copy] = [...ex.exchange.trading.orders.values()];
    expect(copy).toBeDefined();
    // The premise: on this clock the order's time is not the request's arrival plus its latency.
    const entry = ex.journal.list({ route: 'AddOrder' })[0]!;
    expect(entry.time + entry.latencyMs).not.toBe(lost!.openedAt);
    const v = judge(ex.scenario, ex.engine, ex.exchange, ex.journal, from, ex.clock.now());
    const check = v.checks.find((c) => c.id === 'noDuplicateOrders')!;
    expect(check.status).toBe('fail');
    expect(check.evidence).toHaveLength(1);
    expect(check.evidence[0]).toMatch(new RegExp(`^${lost!.id} was placed at .* though its reply was lost \\(HTTP 502\\); copies: ${copy!.id} at `));
  });
});
