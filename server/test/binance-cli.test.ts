import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCommand } from '../src/cli.js';
import { packageRoot } from '../src/scenario/builtin.js';
import { spawnCli, type CliRun } from './spawn-cli.js';

const runs: CliRun[] = [];
afterEach(() => {
  for (const run of runs.splice(0)) if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
});

describe('--exchange picks the dialect served', () => {
  it('serve --exchange binance serves the default scenario (demo, in neutral words); a file naming Kraken methods is refused at start, saying why', async () => {
    const demo = spawnCli(packageRoot(), ['serve', '--exchange', 'binance', '--port', '0', '--clock', 'manual']);
    runs.push(demo);
    const listening = /^chaos-exchange listening on (http:\/\/127\.0\.0\.1:\d+) \(manual clock/.exec(await demo.nextLine());
    expect(listening, demo.stdout() + demo.stderr()).not.toBeNull();
    expect((await fetch(`${listening![1]}/api/v3/ping`)).status).toBe(200);
    const state = (await (await fetch(`${listening![1]}/__chaos/state`)).json()) as { scenario: { name: string } };
    expect(state.scenario.name).toBe('demo');
    const file = join(mkdtempSync(join(tmpdir(), 'chaos-kraken-words-')), 'kraken-words.yaml');
    writeFileSync(file, 'name: kraken-words\ntimeline:\n  - name: out\n    faults:\n      - match: { route: Ticker }\n        effect: { kind: status, status: 502 }\n');
    const run = spawnCli(packageRoot(), ['serve', '--exchange', 'binance', '--scenario', file, '--port', '0', '--clock', 'manual']);
    runs.push(run);
    expect((await run.exited).code).toBe(1);
    expect(run.stderr()).toContain('kraken-words.yaml:5:25: timeline.0.faults.0.match.route: "Ticker" matches no Binance method');
  });

  it('serve --exchange binance prints the usual ready line and answers Binance there', async () => {
    const run = spawnCli(packageRoot(), ['serve', '--exchange', 'binance', '--scenario', 'calm', '--port', '0', '--clock', 'manual']);
    runs.push(run);
    const listening = /^chaos-exchange listening on (http:\/\/127\.0\.0\.1:\d+) \(manual clock/.exec(await run.nextLine());
    expect(listening, run.stdout()).not.toBeNull();
    expect(await run.nextLine()).toMatch(/^account default key=\S+ secret=\S+$/);
    const r = await fetch(`${listening![1]}/api/v3/ping`);
    expect([r.status, await r.json()]).toEqual([200, {}]);
    expect((await fetch(`${listening![1]}/0/public/Time`)).status).toBe(404);
  });

  it('the flag, or CHAOS_EXCHANGE_DIALECT, for serve and run; an unknown name is refused with the choices', () => {
    const serve = parseCommand(['--exchange', 'binance'], {});
    expect(serve.kind === 'serve' && serve.options.exchange).toBe('binance');
    const fromEnv = parseCommand(['run', 'calm', '--', 'node', 'bot.js'], { CHAOS_EXCHANGE_DIALECT: 'binance' });
    expect(fromEnv.kind === 'run' && fromEnv.options.exchange).toBe('binance');
    expect(parseCommand([], {})).toMatchObject({ kind: 'serve', options: { exchange: undefined } });
    expect(parseCommand(['--exchange', 'bitstamp'], {})).toEqual({ kind: 'error', message: '--exchange expects kraken or binance, got "bitstamp"' });
  });
});
