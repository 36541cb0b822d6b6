import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SHUTDOWN_REASON } from '../src/api/kraken/ws/upgrade.js';
import { packageRoot } from '../src/scenario/builtin.js';
import { spawnCli, type CliRun } from './spawn-cli.js';
import { connectWs } from './ws-client.js';

const SCENARIO = `name: sigterm
market:
  pairs:
    XBT/USD: { price: 95000 }
timeline:
  - name: ticker-hangs
    faults:
      - name: blackhole
        match: { route: Ticker }
        effect: { kind: hang }
`;

/** A GET that settles with its HTTP status once answered, or with the error code when the connection fails. */
function get(url: string): Promise<{ status: number } | { error: string | undefined }> {
  return new Promise((resolve) => {
    const req = request(url, { agent: false }, (res) => {
      res.resume();
      res.once('end', () => resolve({ status: res.statusCode ?? 0 }));
      res.once('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code }));
    });
    req.once('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code }));
    req.end();
  });
}

describe('SIGTERM while clients are connected', () => {
  // The CLI as built by the tests' global set-up; the scenario is written to a scratch folder.
  const root = packageRoot();
  const tmp = realpathSync(mkdtempSync(join(tmpdir(), 'chaos-exchange-sigterm-')));
  const runs: CliRun[] = [];

  beforeAll(() => writeFileSync(join(tmp, 'sigterm.yaml'), SCENARIO));
  afterEach(() => {
    for (const run of runs.splice(0)) if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('exits 0, WebSocket clients get a close frame 1001, and a hung request is closed rather than left hanging', async () => {
    const run = spawnCli(root, ['serve', '--port', '0', '--seed', '7', '--scenario', join(tmp, 'sigterm.yaml')]);
    runs.push(run);
    const url = /^chaos-exchange listening on (http:\/\/\S+)$/.exec(await run.nextLine())?.[1];
    expect(url, run.stdout() + run.stderr()).toBeDefined();
    const ws = url!.replace('http', 'ws');

    const v2 = await connectWs(`${ws}/v2`);
    const subscribed = await connectWs(`${ws}/v2`);
    const v1 = await connectWs(`${ws}/`);
    await v2.next((m) => m.channel === 'status');
    await v1.next((m) => m.event === 'systemStatus');
    subscribed.send({ method: 'subscribe', params: { channel: 'ticker', symbol: ['BTC/USD'] }, req_id: 1 });
    expect(await subscribed.next((m) => m.method === 'subscribe')).toMatchObject({ success: true, req_id: 1 });

    const hung = get(`${url}/0/public/Ticker?pair=XBTUSD`);
    // The server journals a hang as it starts: once it is there, the request is in flight on the server.
    let journaled: { entries: { route: string; outcome: string; faults: string[] }[] } = { entries: [] };
    for (let polls = 0; journaled.entries.length === 0; polls++) {
      expect(polls, 'the hanging request never reached the server').toBeLessThan(1_000);
      journaled = (await (await fetch(`${url}/__chaos/journal?route=Ticker`)).json()) as typeof journaled;
    }
    expect(journaled.entries).toMatchObject([{ route: 'Ticker', outcome: 'fault', faults: ['blackhole'] }]);

    run.child.kill('SIGTERM');
    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(run.stdout()).toContain('chaos-exchange: SIGTERM, closing');
    for (const client of [v2, subscribed, v1]) expect(await client.closed).toEqual({ code: 1001, reason: SHUTDOWN_REASON });
    expect(await hung).toEqual({ error: 'ECONNRESET' });
  }, 60_000);
});
