import { request } from 'node:http';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { allowedHostSet, crossSiteReason, hostAllowed, hostName, isLoopbackName } from '../src/control/access.js';
import type { ScenarioInput } from '../src/scenario/schema.js';
import { controlServers, type Running } from './control-client.js';

const SCENARIO: ScenarioInput = {
  name: 'guarded',
  market: { pairs: { 'XBT/USD': null } },
  accounts: [{ name: 'bot', key: 'bot-key-000001', secret: Buffer.alloc(64, 3).toString('base64'), balances: { USD: '1000' } }],
  timeline: [{ name: 'calm', duration: '1m' }, { name: 'down', mode: 'maintenance' }],
};

const { start, call } = controlServers(SCENARIO);

/** A raw HTTP request to the server with exactly these headers (Host included): what a browser page would send. */
function raw(ex: Running, method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: ex.port, method, path, headers: { ...headers, ...(body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) }) }, setHost: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('DNS rebinding: a page whose own name now resolves to 127.0.0.1', () => {
  it('can neither steer nor read the control API, the dashboard or its stream; nothing changes', async () => {
    const ex = await start();
    const evil = `evil.example:${ex.port}`;
    const page = { host: evil, origin: `http://${evil}`, 'sec-fetch-site': 'same-origin' };
    const steer: [string, string, string, string][] = [
      ['POST', '/__chaos/fund', 'text/plain', JSON.stringify({ account: 'bot', asset: 'USD', amount: '1000000', instant: true })],
      ['POST', '/__chaos/faults', 'application/json', JSON.stringify({ match: { route: 'Ticker' }, effect: { kind: 'status', status: 502 } })],
      ['POST', '/__chaos/pause', 'text/plain', ''],
      ['POST', '/__chaos/advance', 'text/plain', JSON.stringify({ by: '1m' })],
      ['POST', '/__chaos/scenario', 'text/plain', JSON.stringify({ ...SCENARIO, accounts: [{ name: 'mine', key: 'chosen-key-0001', secret: Buffer.alloc(64, 9).toString('base64') }] })],
    ];
    for (const [method, path, type, body] of steer) {
      const r = await raw(ex, method, path, { ...page, 'content-type': type }, body);
      expect(r.status, path).toBe(403);
      expect(JSON.parse(r.text).error).toBe(`the control API answers only requests addressed to this machine: Host "${evil}" is not localhost, 127.x.x.x, [::1], the address it listens on or an --allowed-host`);
    }
    for (const path of ['/__chaos/state', '/__chaos/journal', '/__chaos/audit', '/__chaos/ui/', '/__chaos/stream', '/__chaos/dashboard']) {
      const r = await raw(ex, 'GET', path, page);
      expect(r.status, path).toBe(403);
      expect(r.text).not.toContain('bot-key');
    }
    // Nothing happened: no deposit, no injected rule, the same scenario and account, time where it was.
    const state = (await call(ex, 'GET', '/state')).json;
    expect(state.scenario.name).toBe('guarded');
    expect(state.elapsedMs).toBe(0);
    expect(state.faults.injected).toEqual([]);
    expect(ex.accounts.map((a) => a.name)).toEqual(['bot']);
    expect(ex.exchange.funding.deposits).toEqual([]);
  });

  it('the Kraken API and the status page still answer any Host (bots in containers use service names)', async () => {
    const ex = await start();
    const time = await raw(ex, 'GET', '/0/public/Time', { host: `exchange:${ex.port}` });
    expect(time.status).toBe(200);
    expect(JSON.parse(time.text).error).toEqual([]);
    const status = await raw(ex, 'GET', '/api/v2/status.json', { host: 'status.kraken.com' });
    expect(status.status).toBe(200);
    expect(JSON.parse(status.text).status.indicator).toBeDefined();
  });

  it.each([
    ['localhost', 'localhost:PORT'], ['a name under .localhost', 'dash.localhost:PORT'], ['127.0.0.1', '127.0.0.1:PORT'],
    ['another 127/8 address', '127.9.8.7:PORT'], ['[::1]', '[::1]:PORT'], ['an upper-case LOCALHOST with no port', 'LOCALHOST'],
  ])('a loopback Host (%s) is answered', async (_what, host) => {
    const ex = await start();
    const r = await raw(ex, 'POST', '/__chaos/advance', { host: host.replace('PORT', String(ex.port)), 'content-type': 'application/json' }, JSON.stringify({ by: '1m' }));
    expect(r.status).toBe(200);
    expect(JSON.parse(r.text).elapsedMs).toBe(60_000);
  });

  it('an --allowed-host name is answered; other names are not, nor a look-alike of localhost', async () => {
    const ex = await start({ allowedHosts: ['chaos.test'] });
    expect((await raw(ex, 'GET', '/__chaos/state', { host: `chaos.test:${ex.port}` })).status).toBe(200);
    expect((await raw(ex, 'GET', '/__chaos/state', { host: `CHAOS.TEST.:${ex.port}` })).status).toBe(200);
    for (const host of ['other.test', 'localhost.evil.example', '127.0.0.1.evil.example', 'evil.example@127.0.0.1', '127.0.0.1/x', '']) {
      expect((await raw(ex, 'GET', '/__chaos/state', { host })).status, host).toBe(403);
    }
  });

  it('the address the server was told to bind is answered as a Host', async () => {
    const ex = await start({ host: '0.0.0.0' });
    expect((await raw(ex, 'GET', '/__chaos/state', { host: `0.0.0.0:${ex.port}` })).status).toBe(200);
    expect((await raw(ex, 'GET', '/__chaos/state', { host: `evil.example:${ex.port}` })).status).toBe(403);
  });

  it('a caller with the control token may use any Host (a page cannot know the token)', async () => {
    const ex = await start({ controlToken: 's3cret' });
    expect((await raw(ex, 'GET', '/__chaos/state', { host: 'exchange:8080', authorization: 'Bearer s3cret' })).status).toBe(200);
    expect((await raw(ex, 'GET', '/__chaos/state', { host: 'exchange:8080', authorization: 'Bearer wrong!' })).status).toBe(403);
  });
});

describe('WebSocket upgrades under the control prefix', () => {
  it('are not served at all (the dashboard streams over Server-Sent Events): 404 whatever the Host and Origin', async () => {
    const ex = await start();
    for (const host of [`127.0.0.1:${ex.port}`, `evil.example:${ex.port}`]) {
      const answer = await new Promise<string>((resolve, reject) => {
        let got = '';
        const socket = connect(ex.port, '127.0.0.1', () => socket.write([
          'GET /__chaos/stream HTTP/1.1', `Host: ${host}`, `Origin: http://${host}`, 'Upgrade: websocket', 'Connection: Upgrade',
          'Sec-WebSocket-Version: 13', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==', '', '',
        ].join('\r\n')));
        socket.setEncoding('utf8');
        socket.on('data', (d: string) => (got += d));
        socket.on('error', reject);
        socket.on('close', () => resolve(got.split('\r\n')[0] ?? ''));
      });
      expect(answer, host).toBe('HTTP/1.1 404 Not Found');
    }
  });
});

describe('a page of another site', () => {
  it('a mutation is refused for an Origin of another scheme, host or port, for null, and for Sec-Fetch-Site cross-site or same-site', async () => {
    const ex = await start();
    const host = `127.0.0.1:${ex.port}`;
    const refused: Record<string, string>[] = [
      { origin: `https://${host}` }, { origin: `http://127.0.0.1:${ex.port + 1}` }, { origin: `http://localhost:${ex.port}` }, { origin: 'null' },
      { 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' },
      { origin: `http://${host}`, 'sec-fetch-site': 'cross-site' },
    ];
    for (const h of refused) {
      const r = await raw(ex, 'POST', '/__chaos/advance', { host, 'content-type': 'text/plain', ...h }, JSON.stringify({ by: '1m' }));
      expect(r.status, JSON.stringify(h)).toBe(403);
      expect(JSON.parse(r.text).error).toMatch(/^the control API refuses POST from a page of another site \((Origin|Sec-Fetch-Site)/);
    }
    expect((await call(ex, 'GET', '/state')).json.elapsedMs).toBe(0);
    // The dashboard's own calls (same origin), a typed address, and command-line callers pass.
    for (const h of [{ origin: `http://${host}`, 'sec-fetch-site': 'same-origin' }, { 'sec-fetch-site': 'none' }, {}] as Record<string, string>[]) {
      expect((await raw(ex, 'POST', '/__chaos/advance', { host, 'content-type': 'application/json', ...h }, JSON.stringify({ by: '1m' }))).status).toBe(200);
    }
    expect((await call(ex, 'GET', '/state')).json.elapsedMs).toBe(180_000);
  });
});

describe('access rules', () => {
  it('hostName normalises as a browser writes a host, and rejects what is not one', () => {
    expect(hostName('LocalHost:8080')).toBe('localhost');
    expect(hostName('127.1:80')).toBe('127.0.0.1');
    expect(hostName('[0:0:0:0:0:0:0:1]:9')).toBe('[::1]');
    expect(hostName('chaos.test.')).toBe('chaos.test');
    for (const bad of ['a@b', 'a/b', 'a b', '', ':80', '[zz]']) expect(hostName(bad), bad).toBeUndefined();
  });

  it('isLoopbackName: localhost, *.localhost, 127/8, [::1] and 127/8 mapped into IPv6; nothing else', () => {
    for (const h of ['localhost', 'x.localhost', '127.0.0.1', '127.255.0.9', '[::1]', hostName('[::ffff:127.0.0.1]')!]) expect(isLoopbackName(h), h).toBe(true);
    for (const h of ['localhost.example', '128.0.0.1', '10.0.0.1', '[::2]', 'evil.example', hostName('[::ffff:10.0.0.1]')!]) expect(isLoopbackName(h), h).toBe(false);
  });

  it('hostAllowed takes the extra names normalised; a missing Host (no browser omits it) passes', () => {
    const extra = allowedHostSet(['Chaos.Test', '::2', '0.0.0.0']);
    expect([...extra]).toEqual(['chaos.test', '[::2]', '0.0.0.0']);
    expect(hostAllowed('chaos.test:1', extra)).toBe(true);
    expect(hostAllowed('[::2]:1', extra)).toBe(true);
    expect(hostAllowed('evil.example', extra)).toBe(false);
    expect(hostAllowed(undefined, extra)).toBe(true);
  });

  it('crossSiteReason leaves reading methods alone', () => {
    expect(crossSiteReason('GET', { origin: 'http://evil.example', host: 'localhost', 'sec-fetch-site': 'cross-site' })).toBeUndefined();
    expect(crossSiteReason('DELETE', { origin: 'http://evil.example', host: 'localhost' })).toBe('the control API refuses DELETE from a page of another site (Origin http://evil.example)');
  });
});
