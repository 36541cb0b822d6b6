/**
 * The transparent proxy under `--exchange binance`: it answers for Binance's own hosts (not
 * Kraken's), so curl reaches https://api.binance.com, and WebSockets reach the market streams on
 * stream.binance.com:9443 and the WebSocket API on ws-api.binance.com, all at the server's own paths.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startExchange, type RunningExchange } from '../src/app.js';
import { BINANCE_HOSTS } from '../src/api/binance/hosts.js';

const caDir = mkdtempSync(join(tmpdir(), 'chaos-ca-'));
let ex: RunningExchange;
beforeAll(async () => {
  ex = await startExchange({ exchange: 'binance', scenario: 'calm', clock: 'manual', caDir });
});
afterAll(async () => {
  await ex.close();
});

/** A CONNECT to `target` (host:port) through the proxy: the status it answers, its text, and the socket when the tunnel is open. */
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

/** A WebSocket to `url` (wss://, any port) opened through the proxy, trusting only the local CA. */
async function openWs(url: string): Promise<WebSocket> {
  const { hostname, port } = new URL(url);
  const { socket } = await tunnel(`${hostname}:${port || 443}`);
  const ca = readFileSync(await ex.proxy.ensureCa(), 'utf8');
  const tls = await new Promise<TLSSocket>((resolve, reject) => {
    const s = tlsConnect({ socket: socket!, servername: hostname, ca }, () => resolve(s));
    s.on('error', reject);
  });
  const ws = new WebSocket(url, { createConnection: () => tls });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  return ws;
}

/** Sends `message` and resolves with the first reply carrying its id. */
function ask(ws: WebSocket, message: { id: number } & Record<string, unknown>): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const on = (d: WebSocket.RawData): void => {
      const reply = JSON.parse(String(d)) as Record<string, unknown>;
      if (reply.id !== message.id) return;
      ws.off('message', on);
      resolve(reply);
    };
    ws.on('message', on);
    ws.send(JSON.stringify(message));
  });
}

describe('the transparent proxy for Binance\'s hosts', () => {
  it('advertises Binance\'s hosts, not Kraken\'s', () => {
    expect(ex.proxy.hosts).toEqual(BINANCE_HOSTS);
    expect(ex.proxy.hosts).toEqual(expect.arrayContaining(['api.binance.com', 'stream.binance.com', 'ws-api.binance.com', 'fapi.binance.com', 'dapi.binance.com']));
    expect(ex.proxy.hosts).not.toContain('api.kraken.com');
  });

  it('curl reaches https://api.binance.com/api/v3/time with HTTPS_PROXY and the CA: the exchange\'s clock', async () => {
    const ca = await ex.proxy.ensureCa();
    const { stdout } = await promisify(execFile)('curl', ['-sS', '--cacert', ca, 'https://api.binance.com/api/v3/time'], { env: { ...process.env, HTTPS_PROXY: ex.proxy.url, https_proxy: ex.proxy.url } });
    expect(JSON.parse(stdout)).toEqual({ serverTime: ex.clock.now() });
  });

  it('fapi.binance.com answers ccxt\'s futures exchangeInfo with the stub at the same path', async () => {
    const ca = await ex.proxy.ensureCa();
    const { stdout } = await promisify(execFile)('curl', ['-sS', '--cacert', ca, '--proxy', ex.proxy.url, 'https://fapi.binance.com/fapi/v1/exchangeInfo']);
    expect(JSON.parse(stdout)).toMatchObject({ symbols: [] });
  });

  it('refuses Kraken\'s hosts while serving Binance, naming the hosts it serves', async () => {
    const r = await tunnel('api.kraken.com:443');
    expect(r.status).toBe(403);
    expect(r.body).toContain('api.kraken.com is not an exchange host');
    expect(r.body).toContain('stream.binance.com');
  });

  it('a market stream on stream.binance.com:9443 answers SUBSCRIBE; the WebSocket API on ws-api.binance.com answers ping', async () => {
    const stream = await openWs('wss://stream.binance.com:9443/ws');
    try {
      expect(await ask(stream, { method: 'SUBSCRIBE', params: ['btcusdt@trade'], id: 1 })).toEqual({ result: null, id: 1 });
    } finally {
      stream.terminate();
    }
    const api = await openWs('wss://ws-api.binance.com:443/ws-api/v3');
    try {
      expect(await ask(api, { id: 7, method: 'ping', params: {} })).toMatchObject({ id: 7, status: 200, result: {} });
    } finally {
      api.terminate();
    }
  });
});
