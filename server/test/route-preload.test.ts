/**
 * The route preload: a Node.js process started with it in NODE_OPTIONS (as `run` starts a bot)
 * reaches the exchange when it dials Kraken's own hosts, through clients that ignore HTTPS_PROXY:
 * `https`, the `ws` package, and fetch. Real child processes on the built preload.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExchange, type RunningExchange } from '../src/app.js';
import { routeEnv } from '../src/proxy/route-env.js';
import { packageRoot } from '../src/scenario/builtin.js';

const ROOT = packageRoot();
const PRELOAD = pathToFileURL(join(ROOT, 'dist/cli/route-preload.js')).href;

let ex: RunningExchange;
let ca: string;
beforeAll(async () => {
  ex = await startExchange({ scenario: 'calm', clock: 'manual', caDir: mkdtempSync(join(tmpdir(), 'chaos-ca-')) });
  ca = await ex.proxy.ensureCa();
});
afterAll(async () => {
  await ex.close();
});

/** Runs `code` (an ES module) in a Node.js process with the route preload and `env`; its stdout and stderr. */
async function node(code: string, env: Record<string, string>): Promise<{ stdout: string; stderr: string }> {
  const clean = { ...process.env };
  for (const k of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NODE_USE_ENV_PROXY']) delete clean[k];
  return promisify(execFile)(process.execPath, ['--input-type=module', '-e', code], {
    cwd: ROOT, timeout: 20_000, env: { ...clean, NODE_OPTIONS: `--import=${PRELOAD}`, NODE_EXTRA_CA_CERTS: ca, ...env },
  });
}

describe('the route preload', () => {
  it('https.get, ws and fetch to Kraken\'s hosts reach the exchange, with the certificate checked against the local CA', async () => {
    const code = `
      import https from 'node:https';
      import WebSocket from 'ws';
      const body = await new Promise((resolve, reject) => https.get('https://api.kraken.com/0/public/Time', (res) => {
        let b = ''; res.on('data', (d) => (b += d)); res.on('end', () => resolve(b));
      }).on('error', reject));
      console.log('https', body);
      const ws = new WebSocket('wss://ws.kraken.com/');
      console.log('ws', String(await new Promise((resolve, reject) => { ws.once('message', resolve); ws.once('error', reject); })));
      ws.terminate();
      const priv = new WebSocket('wss://ws-auth.kraken.com/v2');
      priv.once('open', () => priv.send(JSON.stringify({ method: 'ping', req_id: 7 })));
      console.log('ws-auth', String(await new Promise((resolve, reject) => { priv.on('message', (m) => String(m).includes('pong') && resolve(m)); priv.once('error', reject); })));
      priv.terminate();
      console.log('fetch', await (await fetch('https://api.kraken.com/0/public/SystemStatus')).text());
    `;
    const { stdout } = await node(code, routeEnv(ex.proxy.url, ex.proxy.hosts));
    expect(stdout).toMatch(/^https \{"error":\[\],"result":\{"unixtime":\d+/m);
    expect(stdout).toMatch(/^ws \{"connectionID":\d+,"event":"systemStatus"/m);
    expect(stdout).toMatch(/^ws-auth .*"method":"pong","req_id":7/m);
    expect(stdout).toMatch(/^fetch \{"error":\[\],"result":\{"status":"online"/m);
  });

  it('does nothing without its variables: api.kraken.com is then not this exchange', async () => {
    const code = `
      import https from 'node:https';
      https.get({ host: 'api.kraken.com', path: '/0/public/Time', timeout: 3000, lookup: (h, o, cb) => cb(new Error('no lookup for ' + h)) }, () => console.log('answered'))
        .on('error', (e) => console.log('error', e.message));
    `;
    const { stdout } = await node(code, {});
    expect(stdout.trim()).toBe('error no lookup for api.kraken.com');
  });

  it('a proxy variable that is not an http://host:port URL stops the process at start, naming the variable', async () => {
    const run = node('console.log("ran")', { CHAOS_EXCHANGE_ROUTE_PROXY: 'localhost:8080' });
    await expect(run).rejects.toThrow(/CHAOS_EXCHANGE_ROUTE_PROXY must be an http:\/\/host:port URL, got "localhost:8080"/);
  });
});
