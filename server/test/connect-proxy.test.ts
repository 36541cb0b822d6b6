/**
 * The transparent proxy: a client that dials Kraken's own hosts over TLS (HTTPS_PROXY and the
 * local CA) reaches the exchange unchanged: curl's REST call, WebSockets on ws.kraken.com and
 * ws-auth.kraken.com (v1 and v2), the status page; other hosts are refused; the control API is
 * not reachable through it.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startExchange, type RunningExchange } from '../src/app.js';
import { ConnectTunnel } from '../src/proxy/tunnel.js';

const caDir = mkdtempSync(join(tmpdir(), 'chaos-ca-'));
let ex: RunningExchange;
beforeAll(async () => {
  ex = await startExchange({ scenario: 'calm', clock: 'manual', caDir });
});
afterAll(async () => {
  await ex.close();
});

/** A CONNECT to `target` (host:port) through the proxy: the status it answers, and the socket when the tunnel is open. */
function tunnel(target: string): Promise<{ status: number; body: string; socket?: import('node:net').Socket }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: ex.port, method: 'CONNECT', path: target });
    req.on('connect', (res, socket, head) => {
      if (res.statusCode === 200) return resolve({ status: 200, body: '', socket });
      let body = head.toString();
      socket.on('data', (c: Buffer) => (body += c.toString()));
      socket.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** TLS to `host` through the proxy, trusting only the local CA. */
async function tls(host: string): Promise<TLSSocket> {
  const { socket } = await tunnel(`${host}:443`);
  const ca = readFileSync(await ex.proxy.ensureCa(), 'utf8');
  return new Promise((resolve, reject) => {
    const s = tlsConnect({ socket: socket!, servername: host, ca }, () => resolve(s));
    s.on('error', reject);
  });
}

/** The first message of a WebSocket to `url` opened through the proxy. */
async function firstMessage(url: string): Promise<Record<string, unknown> | unknown[]> {
  const host = new URL(url).hostname;
  const socket = await tls(host);
  const ws = new WebSocket(url, { createConnection: () => socket });
  try {
    return await new Promise((resolve, reject) => {
      ws.once('message', (d) => resolve(JSON.parse(String(d))));
      ws.once('error', reject);
    });
  } finally {
    ws.terminate();
  }
}

describe('the transparent proxy', () => {
  it('curl reaches https://api.kraken.com/0/public/Time with HTTPS_PROXY and the CA, the exchange\'s own answer', async () => {
    const ca = await ex.proxy.ensureCa();
    expect(statSync(join(caDir, 'ca-key.pem')).mode & 0o777).toBe(0o600);
    const { stdout } = await promisify(execFile)('curl', ['-sS', '--cacert', ca, 'https://api.kraken.com/0/public/Time'], { env: { ...process.env, HTTPS_PROXY: ex.proxy.url, https_proxy: ex.proxy.url } });
    expect(JSON.parse(stdout)).toEqual({ error: [], result: { unixtime: Math.floor(ex.clock.now() / 1000), rfc1123: expect.any(String) } });
    expect(ex.journal.list({ route: 'Time' }).at(-1)).toMatchObject({ transport: 'rest', ip: '127.0.0.1', outcome: 'ok' });
  });

  it('serves the status page on status.kraken.com', async () => {
    const ca = await ex.proxy.ensureCa();
    const { stdout } = await promisify(execFile)('curl', ['-sS', '--cacert', ca, '--proxy', ex.proxy.url, 'https://status.kraken.com/api/v2/status.json']);
    expect(JSON.parse(stdout)).toMatchObject({ status: { indicator: 'none' } });
  });

  it('maps the WebSocket hosts to the exchange\'s sockets: ws.kraken.com (v1 /, v2 /v2), ws-auth.kraken.com (v1 /, v2 /v2)', async () => {
    expect(await firstMessage('wss://ws.kraken.com/')).toMatchObject({ event: 'systemStatus' });
    expect(await firstMessage('wss://ws.kraken.com/v2')).toMatchObject({ channel: 'status' });
    expect(await firstMessage('wss://ws-auth.kraken.com/')).toMatchObject({ event: 'systemStatus' });
    expect(await firstMessage('wss://ws-auth.kraken.com/v2')).toMatchObject({ channel: 'status' });
    const paths = ex.journal.list({ transport: 'ws' }).filter((e) => e.route.startsWith('ws:connect')).map((e) => e.route);
    expect(paths.slice(-4)).toEqual(['ws:connect/', 'ws:connect/v2', 'ws:connect/auth', 'ws:connect/v2-auth']);
  });

  it('a client that sends its TLS hello right behind the CONNECT, in the same packet, gets its handshake (was: the hello was lost and the handshake hung)', async () => {
    const ca = readFileSync(await ex.proxy.ensureCa(), 'utf8');
    for (const host of ['api.kraken.com', 'ws.kraken.com']) {
      // Written before the connection is up, the CONNECT line and the hello leave together.
      const socket = new ConnectTunnel('127.0.0.1', ex.port, `${host}:443`);
      const s = tlsConnect({ socket, servername: host, ca });
      await new Promise<void>((resolve, reject) => {
        s.once('secureConnect', resolve);
        s.once('error', reject);
      });
      expect(s.authorized).toBe(true);
      s.end('GET /0/public/Time HTTP/1.1\r\nHost: api.kraken.com\r\nConnection: close\r\n\r\n');
      let reply = '';
      for await (const chunk of s) reply += String(chunk);
      expect(reply).toMatch(/^HTTP\/1\.1 200[\s\S]*"unixtime":\d+/);
    }
  });

  it('a ConnectTunnel refused by the proxy fails with the proxy\'s own reason', async () => {
    const socket = new ConnectTunnel('127.0.0.1', ex.port, 'example.com:443');
    const err = await new Promise<Error>((resolve) => socket.once('error', resolve));
    expect(err.message).toMatch(/refused CONNECT example\.com:443: .*not an exchange host/);
  });

  it('refuses a CONNECT to any other host, saying why; a bad target is a 400', async () => {
    const other = await tunnel('example.com:443');
    expect(other.status).toBe(403);
    expect(other.body).toContain('chaos-exchange proxy: example.com is not an exchange host this proxy serves (api.kraken.com, ws.kraken.com');
    expect((await tunnel('example.com')).status).toBe(400);
  });

  it('the control API cannot be reached through the proxy (its Host is Kraken\'s, not this machine\'s)', async () => {
    const ca = await ex.proxy.ensureCa();
    const { stdout } = await promisify(execFile)('curl', ['-sS', '-o', '/dev/null', '-w', '%{http_code}', '--cacert', ca, '--proxy', ex.proxy.url, 'https://api.kraken.com/__chaos/state']);
    expect(stdout).toBe('403');
  });

  it('keeps one CA: a second exchange on the same folder trusts the same certificate', async () => {
    const first = readFileSync(join(caDir, 'ca.pem'), 'utf8');
    const again = await startExchange({ scenario: 'calm', clock: 'manual', caDir });
    try {
      expect(readFileSync(await again.proxy.ensureCa(), 'utf8')).toBe(first);
    } finally {
      await again.close();
    }
    expect(existsSync(join(caDir, 'ca.pem'))).toBe(true);
  });
});
