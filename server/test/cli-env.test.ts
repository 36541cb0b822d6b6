/**
 * A bot started by hand, beside `serve`: the proxy line serve prints, `chaos-exchange env` (its
 * variables make curl and an unchanged Node client that dials api.kraken.com reach this server),
 * and `--passthrough`. Real CLI processes, a few seconds each.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { packageRoot } from '../src/scenario/builtin.js';
import { spawnCli, type CliRun } from './spawn-cli.js';

const ROOT = packageRoot();
const runs: CliRun[] = [];
afterEach(() => {
  for (const run of runs.splice(0)) if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
});

/** `serve` on a free port with `args`; its URL and the proxy line it printed. */
async function serve(args: string[] = [], env: Record<string, string> = {}): Promise<{ run: CliRun; url: string; proxyLine: string }> {
  const run = spawnCli(ROOT, ['serve', '--port', '0', ...args], { env });
  runs.push(run);
  const url = /listening on (\S+)/.exec(await run.nextLine())?.[1] as string;
  let line = await run.nextLine();
  while (line.startsWith('account ')) line = await run.nextLine();
  return { run, url, proxyLine: line };
}

const sh = (script: string, env: Record<string, string> = {}): Promise<{ stdout: string; stderr: string }> =>
  promisify(execFile)('sh', ['-c', script], { cwd: ROOT, timeout: 30_000, env: { ...process.env, ...env } });

/** The status line of a CONNECT to `target` through the proxy at `port`. */
const connectStatus = (port: number, target: string): Promise<number> => new Promise((resolve, reject) => {
  const req = request({ host: '127.0.0.1', port, method: 'CONNECT', path: target });
  req.on('connect', (res, socket) => {
    socket.destroy();
    resolve(res.statusCode ?? 0);
  });
  req.on('error', reject);
  req.end();
});

describe('a bot started by hand beside serve', () => {
  it('serve prints the proxy, the hosts it serves and the CA to trust, beside the listening line', async () => {
    const caDir = mkdtempSync(join(tmpdir(), 'chaos-ca-'));
    const { url, proxyLine } = await serve([], { CHAOS_EXCHANGE_CA_DIR: caDir });
    expect(proxyLine).toBe(`proxy ${url} for api.kraken.com, ws.kraken.com, ws-auth.kraken.com, beta-ws.kraken.com, beta-ws-auth.kraken.com, status.kraken.com; trust CA ${join(caDir, 'ca.pem')} (made on first use); variables for a shell: eval "$(chaos-exchange env --url ${url})"`);
  });

  it('under --exchange binance, serve prints Binance\'s hosts and env routes them: curl to api.binance.com and a Node ws to stream.binance.com:9443 reach this server', async () => {
    const caDir = mkdtempSync(join(tmpdir(), 'chaos-ca-'));
    const { url, proxyLine } = await serve(['--exchange', 'binance', '--scenario', 'calm'], { CHAOS_EXCHANGE_CA_DIR: caDir });
    expect(proxyLine).toMatch(new RegExp(`^proxy ${url} for api\\.binance\\.com, .*stream\\.binance\\.com.*ws-api\\.binance\\.com`));
    expect(proxyLine).not.toContain('kraken');
    const node = `node --input-type=module -e '
      import WebSocket from "ws";
      const ws = new WebSocket("wss://stream.binance.com:9443/ws"); ws.once("open", () => ws.send(JSON.stringify({ method: "LIST_SUBSCRIPTIONS", id: 7 })));
      ws.once("message", (m) => { console.log("ws", String(m)); ws.terminate(); });'`;
    const { stdout } = await sh(`eval "$(node bin/chaos-exchange.js env --url ${url})" && echo "routes $CHAOS_EXCHANGE_ROUTE_HOSTS" && curl -sS https://api.binance.com/api/v3/ping && echo && ${node}`, { CHAOS_EXCHANGE_CA_DIR: caDir });
    expect(stdout).toMatch(/^routes .*api\.binance\.com/m);
    expect(stdout).not.toMatch(/^routes .*kraken/m);
    expect(stdout).toMatch(/^\{\}$/m);
    expect(stdout).toMatch(/^ws \{"result":\[\],"id":7\}$/m);
  });

  it('eval "$(chaos-exchange env)": curl and an unchanged Node client dialling api.kraken.com and ws.kraken.com reach this server', async () => {
    const serverCa = mkdtempSync(join(tmpdir(), 'chaos-ca-'));
    const { url } = await serve([], { CHAOS_EXCHANGE_CA_DIR: serverCa });
    // The shell's CA folder is not the server's: env copies the server's CA into it.
    const shellCa = mkdtempSync(join(tmpdir(), 'chaos-ca-'));
    const node = `node --input-type=module -e '
      import https from "node:https"; import WebSocket from "ws";
      https.get("https://api.kraken.com/0/private/Balance", { method: "POST" }, (r) => { let b = ""; r.on("data", (d) => (b += d)); r.on("end", () => console.log("node", b)); });
      const ws = new WebSocket("wss://ws.kraken.com/v2"); ws.once("message", (m) => { console.log("ws", String(m).slice(0, 40)); ws.terminate(); });'`;
    const { stdout } = await sh(`eval "$(node bin/chaos-exchange.js env --url ${url})" && echo "key $CHAOS_EXCHANGE_API_KEY" && curl -sS https://api.kraken.com/0/public/Time && echo && ${node}`, { CHAOS_EXCHANGE_CA_DIR: shellCa });
    expect(stdout).toMatch(/^key [A-Za-z0-9+/=]{20,}$/m);
    expect(stdout).toMatch(/^\{"error":\[\],"result":\{"unixtime":\d+/m);
    // The exchange's own answer to an unsigned private call, through the route preload.
    expect(stdout).toMatch(/^node \{"error":\["EAPI:Invalid key"\]\}$/m);
    expect(stdout).toMatch(/^ws \{"channel":"status"/m);
    const dotenv = await sh(`node bin/chaos-exchange.js env --url ${url} --format dotenv`, { CHAOS_EXCHANGE_CA_DIR: shellCa });
    const vars = Object.fromEntries(dotenv.stdout.trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    expect(vars).toMatchObject({ CHAOS_EXCHANGE_URL: url, HTTPS_PROXY: url, NODE_USE_ENV_PROXY: '1', CHAOS_EXCHANGE_ROUTE_PROXY: url });
    expect(vars.NODE_EXTRA_CA_CERTS).toMatch(new RegExp(`^${shellCa}/trusted/[0-9a-f]{16}/ca\\.pem$`));
    expect(readFileSync(vars.NODE_EXTRA_CA_CERTS!, 'utf8')).toBe(readFileSync(join(serverCa, 'ca.pem'), 'utf8'));
    expect(vars.NODE_OPTIONS).toMatch(/^--import=file:\/\/\S+\/route-preload\.js/);
  });

  it('env says clearly when no server answers, and refuses a bad --url or --format', async () => {
    // A port that was free a moment ago: nothing listens there.
    const probe = createTcpServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const none = await sh(`node bin/chaos-exchange.js env --url http://127.0.0.1:${port} 2>&1; echo "exit $?"`);
    expect(none.stdout).toBe(`chaos-exchange env: cannot reach chaos-exchange at http://127.0.0.1:${port}: ECONNREFUSED (is \`chaos-exchange serve\` running there? --url says where)\nexit 1\n`);
    const bad = await sh('node bin/chaos-exchange.js env --url ftp://x 2>&1; echo "exit $?"; node bin/chaos-exchange.js env --format json 2>&1; echo "exit $?"');
    expect(bad.stdout).toContain('--url expects the server\'s address such as "http://127.0.0.1:8080", got "ftp://x"\nexit 2');
    expect(bad.stdout).toContain('--format expects sh or dotenv, got "json"\nexit 2');
  });

  it('--passthrough tunnels a CONNECT to another host; without it the proxy refuses', async () => {
    // The tunnel is torn down as soon as its status is read: the far end may see a reset, which is no failure here.
    const other = createTcpServer((s) => s.on('error', () => undefined).end('hello from elsewhere\n'));
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const target = `127.0.0.1:${(other.address() as AddressInfo).port}`;
    try {
      const plain = await serve();
      const through = await serve(['--passthrough']);
      expect(through.proxyLine).toContain('(other hosts tunnelled)');
      expect(await connectStatus(Number(new URL(plain.url).port), target)).toBe(403);
      expect(await connectStatus(Number(new URL(through.url).port), target)).toBe(200);
    } finally {
      other.close();
    }
  });
});
