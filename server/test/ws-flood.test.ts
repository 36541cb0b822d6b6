import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startExchange } from '../src/app.js';
import { PAIR_CATALOG } from '../src/exchange/pairs.js';
import { WsLink } from '../src/api/kraken/ws/link.js';
import { MESSAGE_BUDGET } from '../src/api/kraken/ws/message-budget.js';
import { connectWs, type Frame } from './ws-client.js';
import { probeLatency, startFlood, type Flood, type FloodKind, type Latency } from './ws-flood.js';

/**
 * Another client's ping→pong round trip at the 99th percentile while one client floods: a stall
 * (the bug: p99 2.0 s) is far above it. Issue 14's goal is 100 ms on a quiet machine; on a loaded
 * CI machine a healthy server's p99 reached 112 ms, so the test bounds a stall, not the goal.
 */
const P99_GOAL_MS = 500;

const summary = (l: Latency): string => `p50 ${l.p50.toFixed(1)} ms, p99 ${l.p99.toFixed(1)} ms, max ${l.max.toFixed(1)} ms over ${l.samples.length} pings`;

describe('one flooding WebSocket client does not stall the others (issue 14)', () => {
  let ex: Awaited<ReturnType<typeof startExchange<{ port: number }>>>;
  let url: string;
  beforeAll(async () => {
    // The real clock, market running, as the tester's server was.
    ex = await startExchange({ port: 0 });
    url = `${ex.url.replace('http', 'ws')}/v2`;
  });
  afterAll(() => ex.close());

  const floods: [FloodKind, string, (seen: Map<string, number>) => void][] = [
    ['pings', 'pings as fast as the socket takes them (was p99 4.1 s)', (seen) => {
      // The whole budget answered, then refusals, then the socket left unread for a while.
      expect(seen.get('ws:ping ok')).toBeGreaterThanOrEqual(MESSAGE_BUDGET.burst);
      expect(seen.get('ws:ping refused')).toBeGreaterThan(0);
    }],
    ['huge-subscribe', 'five 59 KB subscribes naming BTC/USD 5,900 times at depth 1000 (was p99 16 s)', (seen) => {
      expect(seen.get('ws:subscribe ok')).toBe(5);
    }],
    ['resubscribe', '3,000 resubscribes to the BTC/USD book at depth 1000 (was p99 2.0 s)', (seen) => {
      // Each answer carries a full 1000-level snapshot (the book is that deep since issue 16), tens
      // of KB: a hundred of them in the two seconds is megabytes the server had to send meanwhile.
      expect(seen.get('ws:subscribe ok')).toBeGreaterThan(100);
    }],
  ];
  for (const [kind, what, flooded] of floods) {
    it(`${what}: another client's ping round trip stays under ${P99_GOAL_MS} ms at p99`, async () => {
      const seen = new Map<string, number>();
      const stop = ex.journal.subscribe((e) => {
        const key = `${e.route} ${e.outcome}`;
        seen.set(key, (seen.get(key) ?? 0) + 1);
      });
      let flood: Flood | undefined;
      try {
        const latency = await probeLatency(url, async () => (flood = await startFlood(url, kind, 2_000)));
        flooded(seen);
        expect(latency.p99, `${summary(latency)}; flooder: ${flood?.lines.join('; ')}`).toBeLessThan(P99_GOAL_MS);
      } finally {
        stop();
        await flood?.stop();
      }
    }, 30_000);
  }
});

describe('a big subscribe is answered a slice at a time', () => {
  it("another client is served between its snapshots, and its frames keep their order: each ack, that symbol's snapshot, its updates, the next reply", async () => {
    const every = { name: 'deep', market: { pairs: Object.fromEntries(PAIR_CATALOG.map((p) => [p.symbol, { depth: 1000 }])) } };
    const ex = await startExchange({ port: 0, clock: 'manual', scenario: every });
    const url = `${ex.url.replace('http', 'ws')}/v2`;
    const [a, b] = await Promise.all([connectWs(url), connectWs(url)]);
    await Promise.all([a.next(), b.next()]);
    const arrivals: string[] = [];
    a.ws.on('message', (d) => {
      const m = JSON.parse(d.toString()) as Frame;
      arrivals.push(m.method ? `a ${m.method} ${m.result?.symbol ?? ''}` : m.channel === 'book' ? `a ${m.type} ${m.data[0].symbol}` : `a ${m.channel}`);
      // Market steps while the rest of the subscribe still waits its turn: only subscribed books may get updates.
      if (m.type === 'snapshot' && !arrivals.includes('a stepped')) {
        arrivals.push('a stepped');
        ex.clock.advance(2_000);
      }
    });
    // The order the server sends in (a client's reads may cut one big write anywhere, so its arrivals cannot tell).
    const sent: string[] = [];
    const record = (text: string): void => {
      if (text.includes('"req_id":3')) sent.push('b pong');
      else if (text.includes('"type":"snapshot"')) sent.push('a snapshot');
    };
    const { send, data } = WsLink.prototype;
    vi.spyOn(WsLink.prototype, 'send').mockImplementation(function (this: WsLink, text) {
      record(text);
      send.call(this, text);
    });
    vi.spyOn(WsLink.prototype, 'data').mockImplementation(function (this: WsLink, text, info) {
      record(text);
      data.call(this, text, info);
    });
    const symbols = PAIR_CATALOG.map((p) => p.symbol);
    // About 70,000 characters of snapshot per symbol: several turns' slices.
    a.send({ method: 'subscribe', params: { channel: 'book', symbol: symbols, depth: 1000 }, req_id: 1 });
    a.send({ method: 'ping', req_id: 2 });
    b.send({ method: 'ping', req_id: 3 });
    await Promise.all([a.next((m) => m.method === 'pong'), b.next((m) => m.method === 'pong')]);
    const replies = arrivals.filter((x) => /^a (subscribe|snapshot|pong)/.test(x));
    expect(replies).toEqual([...symbols.flatMap((s) => [`a subscribe ${s}`, `a snapshot ${s}`]), 'a pong ']);
    expect(sent.filter((x) => x === 'a snapshot')).toHaveLength(symbols.length);
    expect(sent.indexOf('b pong'), sent.join(', ')).toBeLessThan(sent.lastIndexOf('a snapshot'));
    vi.restoreAllMocks();
    const lastSnapshot = arrivals.indexOf(`a snapshot ${symbols[symbols.length - 1]}`);
    expect(arrivals.slice(0, lastSnapshot).filter((x) => x.startsWith('a update')).length, arrivals.join(', ')).toBeGreaterThan(0);
    for (const s of symbols) {
      const first = arrivals.findIndex((x) => x === `a snapshot ${s}` || x === `a update ${s}`);
      expect(arrivals[first]).toBe(`a snapshot ${s}`);
    }
    a.ws.close();
    b.ws.close();
    await ex.close();
  });
});
