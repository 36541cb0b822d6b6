import { readdirSync, readFileSync } from 'node:fs';
import { get, type IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crossSite, uiDir } from '../src/control/control-api.js';
import { faultMenu } from '../src/control/fault-menu.js';
import type { Journal } from '../src/control/journal.js';
import type { ScenarioInput } from '../src/scenario/schema.js';
import { controlServers, type Running } from './control-client.js';

const SCENARIO: ScenarioInput = {
  name: 'watched',
  market: { pairs: { 'XBT/USD': null, 'ETH/USD': null } },
  accounts: [{ name: 'bot', key: 'bot-key-000001', secret: Buffer.alloc(64, 3).toString('base64'), balances: { USD: '1000' } }],
  timeline: [
    { name: 'calm', duration: '1m' },
    { name: 'storm', duration: '1m', faults: [{ match: { route: 'Ticker' }, effect: { kind: 'status', status: 502 } }] },
    { name: 'back' },
  ],
  expect: { retryAfter: true },
};

const { start, call } = controlServers(SCENARIO);

const ticker = (ex: Running): Promise<number> => fetch(`${ex.url}/0/public/Ticker?pair=XBTUSD`).then(async (r) => (await r.arrayBuffer(), r.status));

/** One Server-Sent Event as the client parsed it. */
interface SseEvent { event: string; id?: string; data: string; retry?: number }

/** An open event stream read with node:http: the events so far, a wait for more, and a way to hang up. */
interface EventStream {
  status: number;
  headers: IncomingHttpHeaders;
  events: SseEvent[];
  until(done: (events: SseEvent[]) => boolean): Promise<SseEvent[]>;
  close(): void;
}

function openStream(url: string, headers: Record<string, string> = {}): Promise<EventStream> {
  return new Promise((resolve, reject) => {
    const req = get(url, { headers }, (res) => {
      const events: SseEvent[] = [];
      let buffer = '';
      let check = (): void => {};
      let ended = false;
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        for (let i = buffer.indexOf('\n\n'); i >= 0; i = buffer.indexOf('\n\n')) {
          const ev: SseEvent = { event: 'message', data: '' };
          for (const line of buffer.slice(0, i).split('\n')) {
            const [field, value] = [line.slice(0, line.indexOf(': ')), line.slice(line.indexOf(': ') + 2)];
            if (field === 'event' || field === 'id' || field === 'data') ev[field] = value;
            else if (field === 'retry') ev.retry = Number(value);
          }
          events.push(ev);
          buffer = buffer.slice(i + 2);
        }
        check();
      });
      res.on('close', () => { ended = true; check(); });
      resolve({
        status: res.statusCode ?? 0, headers: res.headers, events,
        until: (done) => new Promise((ok, fail) => {
          check = () => (done(events) ? ok(events) : ended ? fail(new Error(`stream ended; events: ${JSON.stringify(events)}`)) : undefined);
          check();
        }),
        close: () => req.destroy(),
      });
    });
    req.on('error', reject);
  });
}

const entries = (events: SseEvent[]): { seq: number; route: string; status: number }[] => events.filter((e) => e.event === 'entry').map((e) => JSON.parse(e.data));
const seen = (seq: number) => (events: SseEvent[]): boolean => entries(events).some((e) => e.seq === seq);
const listeners = (journal: Journal): number => (journal as unknown as { listeners: Set<unknown> }).listeners.size;

describe('dashboard view over HTTP (/__chaos/dashboard)', () => {
  it('is the state plus accounts, pairs, cycle, status page, per-phase activity, verdict so far and the chart', async () => {
    const ex = await start();
    const { status, json } = await call(ex, 'GET', '/dashboard');
    expect(status).toBe(200);
    expect(json).toMatchObject({
      scenario: { name: 'watched' }, phase: { name: 'calm' }, accounts: ['bot'], pairs: ['BTC/USD', 'ETH/USD'],
      cycle: { start: json.clock.nowMs, length: null }, status: { indicator: 'none' },
      verdict: { declared: true, passed: true, checks: [{ id: 'retryAfter', status: 'not yet' }] },
      chart: { pair: 'BTC/USD', from: json.clock.nowMs, to: json.clock.nowMs, orders: [], fills: [] },
    });
    expect(json.activity.map((p: { name: string }) => p.name)).toEqual(['calm', 'storm', 'back']);
    expect(json.chart.points.at(-1)[0]).toBe(json.clock.nowMs);
  });

  it('counts the requests and errors of each phase; follows the chosen pair and account', async () => {
    const ex = await start();
    expect(await ticker(ex)).toBe(200);
    await call(ex, 'POST', '/advance', { by: '1m' });
    expect(await ticker(ex)).toBe(502);
    const all = (await call(ex, 'GET', '/dashboard?account=')).json;
    expect(all.activity.map((p: { requests: number; errors: number }) => [p.requests, p.errors])).toEqual([[1, 0], [1, 1], [0, 0]]);
    const bot = (await call(ex, 'GET', '/dashboard?account=bot&pair=ETHUSD')).json;
    expect(bot.activity.map((p: { requests: number }) => p.requests)).toEqual([0, 0, 0]);
    expect(bot.chart.pair).toBe('ETH/USD');
  });

  it('on a looping timeline, says the pass and keeps each phase\'s totals over every pass beside the pass in force\'s counts', async () => {
    const ex = await start({ scenario: { ...SCENARIO, loop: true, timeline: SCENARIO.timeline!.slice(0, 2) } });
    expect(await ticker(ex)).toBe(200);
    await call(ex, 'POST', '/advance', { by: '1m' });
    expect(await ticker(ex)).toBe(502);
    expect(await ticker(ex)).toBe(502);
    // On into pass 3: nothing asked since pass 1, yet its requests and errors stay in the totals.
    await call(ex, 'POST', '/advance', { by: '3m10s' });
    const { json } = await call(ex, 'GET', '/dashboard');
    expect(json.cycle).toMatchObject({ length: 120_000, pass: 3 });
    expect(json.activity.map((p: { name: string; requests: number; errors: number; total: { requests: number; errors: number } }) => [p.name, p.requests, p.errors, p.total.requests, p.total.errors]))
      .toEqual([['calm', 0, 0, 1, 0], ['storm', 0, 0, 2, 2]]);
    expect(await ticker(ex)).toBe(200);
    const later = (await call(ex, 'GET', '/dashboard')).json;
    expect(later.activity[0]).toMatchObject({ requests: 1, errors: 0, total: { requests: 2, errors: 0 } });
  });

  it('after a restart, requests of the earlier life do not show in phases the new run has not reached', async () => {
    const ex = await start();
    await call(ex, 'POST', '/advance', { by: '20s' });
    await ticker(ex);
    await call(ex, 'POST', '/advance', { by: '70s' });
    expect(await ticker(ex)).toBe(502);
    await call(ex, 'POST', '/restart');
    await call(ex, 'POST', '/advance', { by: '30s' });
    const { json } = await call(ex, 'GET', '/dashboard');
    expect(json.phase.name).toBe('calm');
    expect(json.activity.map((p: { requests: number }) => p.requests)).toEqual([0, 0, 0]);
  });

  it('refuses an unknown account or pair with 400 and what there is to choose from', async () => {
    const ex = await start();
    expect(await call(ex, 'GET', '/dashboard?account=mallory')).toEqual({ status: 400, json: { error: 'account: no account "mallory" (accounts: bot)', issues: [] } });
    expect(await call(ex, 'GET', '/dashboard?pair=SOLUSD')).toEqual({ status: 400, json: { error: 'pair: not a listed pair: "SOLUSD" (pairs: BTC/USD, ETH/USD)', issues: [] } });
    expect((await call(ex, 'GET', '/dashboard?pair=')).status).toBe(400);
  });

  it('/kinds is the fault menu: every built-in kind with its transport and fields', async () => {
    const ex = await start();
    const { status, json } = await call(ex, 'GET', '/kinds');
    expect(status).toBe(200);
    expect(json.kinds).toEqual(JSON.parse(JSON.stringify(faultMenu())));
    const byKind = new Map(json.kinds.map((k: { kind: string; transport: string }) => [k.kind, k.transport]));
    expect([byKind.get('status'), byKind.get('disconnect')]).toEqual(['rest', 'ws']);
  });
});

describe('dashboard files (/__chaos/ui/)', () => {
  it('serves index.html with a self-only Content-Security-Policy and nosniff; /ui redirects to /ui/; a missing file is 404', async () => {
    const ex = await start();
    const res = await fetch(`${ex.url}/__chaos/ui/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toMatch(/^default-src 'self';.*script-src 'self';.*connect-src 'self';.*frame-ancestors 'none'/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toContain('<script type="module" src="app.js"></script>');
    const bare = await fetch(`${ex.url}/__chaos/ui`, { redirect: 'manual' });
    expect([bare.status, bare.headers.get('location')]).toEqual([301, '/__chaos/ui/']);
    expect((await fetch(`${ex.url}/__chaos/ui/nope.js`)).status).toBe(404);
    const escape = await new Promise<number>((ok) => get(`${ex.url}/__chaos/ui/%2e%2e/src/control/control-api.ts`, (r) => { r.resume(); ok(r.statusCode ?? 0); }));
    expect([403, 404]).toContain(escape);
  });

  it('every script and stylesheet the page needs (imports followed) is relative and served here with its type', async () => {
    const ex = await start();
    const html = await (await fetch(`${ex.url}/__chaos/ui/`)).text();
    const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!).filter((r) => !r.startsWith('data:'));
    const served = new Map<string, string>();
    for (let ref = refs.shift(); ref !== undefined; ref = refs.shift()) {
      if (served.has(ref)) continue;
      expect(ref).toMatch(/^(\.\/)?[\w-]+\.(js|css)$/);
      const res = await fetch(new URL(ref, `${ex.url}/__chaos/ui/`));
      expect([ref, res.status]).toEqual([ref, 200]);
      served.set(ref, res.headers.get('content-type') ?? '');
      const text = await res.text();
      if (ref.endsWith('.js')) refs.push(...[...text.matchAll(/^import .* from '([^']+)';$/gm)].map((m) => m[1]!.replace(/^\.\//, '')));
    }
    expect([...served.keys()].sort()).toEqual(['api.js', 'app.js', 'chart.js', 'log.js', 'render.js', 'steer.js', 'style.css']);
    for (const [ref, type] of served) expect([ref, type]).toEqual([ref, expect.stringMatching(ref.endsWith('.css') ? /^text\/css/ : /^(text|application)\/javascript/)]);
  });

  it('no file of the dashboard names an http(s) URL: it loads nothing from elsewhere', () => {
    const files = readdirSync(uiDir()).filter((f) => /\.(html|js|css)$/.test(f));
    expect(files).toContain('index.html');
    expect(files.filter((f) => /https?:\/\//.test(readFileSync(join(uiDir(), f), 'utf8')))).toEqual([]);
  });
});

describe('live journal stream (/__chaos/stream)', () => {
  it('replays what was recorded, then sends each new entry live; unsubscribes when the client hangs up', async () => {
    const ex = await start();
    expect(await ticker(ex)).toBe(200);
    await fetch(`${ex.url}/0/public/Nope`).then((r) => r.arrayBuffer());
    const before = listeners(ex.journal);
    const s = await openStream(`${ex.url}/__chaos/stream`);
    expect([s.status, s.headers['content-type'], s.headers['cache-control']]).toEqual([200, 'text/event-stream; charset=utf-8', 'no-store']);
    await s.until(seen(2));
    expect(s.events[0]).toEqual({ event: 'message', data: '', retry: 2000 });
    expect(entries(s.events).map((e) => [e.seq, e.route])).toEqual([[1, 'Ticker'], [2, 'Nope']]);
    expect(s.events.filter((e) => e.event === 'entry').map((e) => e.id)).toEqual(['1', '2']);
    expect(listeners(ex.journal)).toBe(before + 1);
    await call(ex, 'POST', '/advance', { by: '1m' });
    expect(await ticker(ex)).toBe(502);
    await s.until(seen(3));
    expect(entries(s.events).at(-1)).toMatchObject({ seq: 3, route: 'Ticker', status: 502, outcome: 'fault' });
    s.close();
    await expect.poll(() => listeners(ex.journal)).toBe(before);
  });

  it('resumes after Last-Event-ID (or ?after=) without repeating what the client saw', async () => {
    const ex = await start();
    for (let i = 0; i < 3; i++) await ticker(ex);
    const resumed = await openStream(`${ex.url}/__chaos/stream`, { 'last-event-id': '2' });
    expect(entries(await resumed.until(seen(3))).map((e) => e.seq)).toEqual([3]);
    await ticker(ex);
    expect(entries(await resumed.until(seen(4))).map((e) => e.seq)).toEqual([3, 4]);
    resumed.close();
    const after = await openStream(`${ex.url}/__chaos/stream?after=3`);
    await ticker(ex);
    expect(entries(await after.until(seen(5))).map((e) => e.seq)).toEqual([4, 5]);
    after.close();
  });

  it('filters on the server by route (replay and live); a bad filter is refused with 400', async () => {
    const ex = await start();
    await fetch(`${ex.url}/0/public/Nope`).then((r) => r.arrayBuffer());
    await ticker(ex);
    const s = await openStream(`${ex.url}/__chaos/stream?route=Nope`);
    await s.until(seen(1));
    await ticker(ex);
    await fetch(`${ex.url}/0/public/Nope`).then((r) => r.arrayBuffer());
    expect(entries(await s.until(seen(4))).map((e) => [e.seq, e.route])).toEqual([[1, 'Nope'], [4, 'Nope']]);
    s.close();
    expect((await call(ex, 'GET', '/stream?outcome=maybe')).status).toBe(400);
  });
});

describe('requests from a page of another site', () => {
  it('a POST whose Origin names another host is refused (403) and changes nothing; same-origin and Origin-less calls pass', async () => {
    const ex = await start();
    const evil = await call(ex, 'POST', '/advance', { by: '1m' }, { origin: 'http://evil.example' });
    expect(evil).toEqual({ status: 403, json: { error: 'the control API refuses POST from a page of another site (Origin http://evil.example)' } });
    expect((await call(ex, 'GET', '/state')).json.elapsedMs).toBe(0);
    expect((await call(ex, 'POST', '/advance', { by: '1m' }, { origin: ex.url })).json.elapsedMs).toBe(60_000);
    expect((await call(ex, 'POST', '/advance', { by: '1m' })).json.elapsedMs).toBe(120_000);
    expect((await call(ex, 'GET', '/state', undefined, { origin: 'http://evil.example' })).status).toBe(200);
  });

  it('pause: refused from another site (the clock keeps running), allowed from the dashboard\'s own origin and from the command line', async () => {
    const ex = await start({ clock: 'system', speed: 1 });
    expect((await call(ex, 'POST', '/pause', undefined, { origin: 'http://evil.example' })).status).toBe(403);
    expect((await call(ex, 'GET', '/state')).json.clock.paused).toBe(false);
    expect((await call(ex, 'POST', '/pause', undefined, { origin: ex.url })).json.clock.paused).toBe(true);
    expect((await call(ex, 'POST', '/resume')).json.clock.paused).toBe(false);
  });

  it('crossSite: only changing methods with a foreign or unreadable Origin', () => {
    const host = '127.0.0.1:8080';
    expect(crossSite('POST', 'http://evil.example', host)).toBe(true);
    expect(crossSite('DELETE', 'http://127.0.0.1:9090', host)).toBe(true);
    expect(crossSite('POST', 'null', host)).toBe(true);
    expect(crossSite('POST', 'http://127.0.0.1:8080', host)).toBe(false);
    expect(crossSite('POST', undefined, host)).toBe(false);
    expect(crossSite('GET', 'http://evil.example', host)).toBe(false);
    expect(crossSite('HEAD', 'http://evil.example', host)).toBe(false);
  });
});
