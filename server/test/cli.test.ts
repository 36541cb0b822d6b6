import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { sign } from '../src/api/kraken/rest/auth.js';
import { createExchange } from '../src/app.js';
import { HELP, parseCommand } from '../src/cli.js';
import { builtinNames, packageRoot } from '../src/scenario/builtin.js';
import { spawnCli, type CliRun } from './spawn-cli.js';

const FLAGS = ['--port', '--host', '--scenario', '--seed', '--speed', '--clock', '--journal-size', '--order-history', '--control-token', '--allowed-host', '--help', '-h'];
const ENV_VARS = ['CHAOS_EXCHANGE_PORT', 'CHAOS_EXCHANGE_HOST', 'CHAOS_EXCHANGE_SCENARIO', 'CHAOS_EXCHANGE_SEED', 'CHAOS_EXCHANGE_SPEED', 'CHAOS_EXCHANGE_CLOCK', 'CHAOS_EXCHANGE_JOURNAL_SIZE', 'CHAOS_EXCHANGE_ORDER_HISTORY', 'CHAOS_EXCHANGE_CONTROL_TOKEN', 'CHAOS_EXCHANGE_ALLOWED_HOSTS'];
const DEFAULT_FROM = { port: 'default', host: 'default', scenario: 'default' };
const serve = (options: object, from: Partial<typeof DEFAULT_FROM> = {}) => ({
  kind: 'serve', notices: [],
  options: { port: 8080, host: '127.0.0.1', scenario: 'demo', seed: undefined, speed: 1, clock: 'system', journalSize: 10_000, controlToken: undefined, allowedHosts: [], passthrough: false, allowInconclusive: false, ...options, from: { ...DEFAULT_FROM, ...from } },
});

describe('parseCommand', () => {
  it("serves the looping demo outage on 127.0.0.1:8080 in real time with the scenario's seed by default", () => {
    expect(parseCommand([], {})).toEqual(serve({}));
    expect(parseCommand(['serve'], {})).toEqual(serve({}));
  });

  it.each([
    [['--port', '0'], { port: 0 }],
    [['--port=9000'], { port: 9000 }],
    [['--port', '65535'], { port: 65535 }],
    [['--host', '0.0.0.0'], { host: '0.0.0.0' }],
    [['--host', '::1'], { host: '::1' }],
    [['--scenario', 'scenarios/calm.yaml'], { scenario: 'scenarios/calm.yaml' }],
    [['--seed', 'abc'], { seed: 'abc' }],
    [['--speed', '60'], { speed: 60 }],
    [['--speed', '0.5'], { speed: 0.5 }],
    [['serve', '--port', '1', '--seed', '7'], { port: 1, seed: '7' }],
    [['--journal-size', '500'], { journalSize: 500 }],
    [['--control-token', 's3cret'], { controlToken: 's3cret' }],
    [['--allowed-host', 'chaos.test', '--allowed-host', '10.0.0.7'], { allowedHosts: ['chaos.test', '10.0.0.7'] }],
  ])('%j sets %j', (argv, options) => {
    const from = Object.fromEntries(['port', 'host', 'scenario'].filter((o) => o in options).map((o) => [o, `--${o}`]));
    expect(parseCommand(argv, {})).toEqual(serve(options, from));
  });

  it('falls back to CHAOS_EXCHANGE_PORT, _HOST, _SCENARIO, _SEED, _SPEED, _JOURNAL_SIZE and _CONTROL_TOKEN', () => {
    const env = { CHAOS_EXCHANGE_PORT: '9001', CHAOS_EXCHANGE_HOST: '0.0.0.0', CHAOS_EXCHANGE_SCENARIO: 'x.yaml', CHAOS_EXCHANGE_SEED: '42', CHAOS_EXCHANGE_SPEED: '10', CHAOS_EXCHANGE_JOURNAL_SIZE: '99', CHAOS_EXCHANGE_CONTROL_TOKEN: 't' };
    const from = { port: 'CHAOS_EXCHANGE_PORT', host: 'CHAOS_EXCHANGE_HOST', scenario: 'CHAOS_EXCHANGE_SCENARIO' };
    expect(parseCommand([], env)).toEqual(serve({ port: 9001, host: '0.0.0.0', scenario: 'x.yaml', seed: '42', speed: 10, journalSize: 99, controlToken: 't' }, from));
  });

  it('takes the allowed hosts from CHAOS_EXCHANGE_ALLOWED_HOSTS, comma-separated, and refuses what is not a host name', () => {
    expect(parseCommand([], { CHAOS_EXCHANGE_ALLOWED_HOSTS: 'chaos.test, [::2],' })).toEqual(serve({ allowedHosts: ['chaos.test', '[::2]'] }));
    expect(parseCommand(['--allowed-host', 'a@b'], {})).toEqual({ kind: 'error', message: '--allowed-host expects a host name or address such as "chaos.test", got "a@b"' });
  });

  it.each(['0', '-5', 'many', '1.5'])('a bad journal size "%s" is an error saying what was expected and found', (n) => {
    expect(parseCommand([`--journal-size=${n}`], {})).toEqual({ kind: 'error', message: `--journal-size expects a positive integer, got "${n}"` });
  });

  it('an empty environment variable counts as unset (CHAOS_EXCHANGE_HOST= does not bind every interface)', () => {
    const env = { CHAOS_EXCHANGE_PORT: '', CHAOS_EXCHANGE_HOST: '', CHAOS_EXCHANGE_SCENARIO: '', CHAOS_EXCHANGE_SEED: '', CHAOS_EXCHANGE_SPEED: '' };
    expect(parseCommand([], env)).toEqual(serve({ port: 8080, host: '127.0.0.1', scenario: 'demo', seed: undefined, speed: 1 }));
  });

  it('a flag beats its environment variable', () => {
    const env = { CHAOS_EXCHANGE_PORT: '9001', CHAOS_EXCHANGE_HOST: '0.0.0.0', CHAOS_EXCHANGE_SCENARIO: 'x.yaml', CHAOS_EXCHANGE_SEED: '42', CHAOS_EXCHANGE_SPEED: '10' };
    const argv = ['--port', '0', '--host', '::1', '--scenario', 'calm', '--seed', 's', '--speed', '2'];
    expect(parseCommand(argv, env)).toEqual(serve({ port: 0, host: '::1', scenario: 'calm', seed: 's', speed: 2 }, { port: '--port', host: '--host', scenario: '--scenario' }));
  });

  it.each(['abc', '65536', '99999', '-1', '1.5', '8080x', '0x50', '1e3', ''])('a bad port "%s" is an error saying what was expected and found', (port) => {
    expect(parseCommand([`--port=${port}`], {})).toEqual({ kind: 'error', message: `--port expects a port 0-65535, got "${port}"` });
  });

  it.each(['0', '-2', 'fast', 'Infinity', 'NaN', '', '1000.5', '20000', '1e9'])('a bad speed "%s" is an error saying what was expected and found', (speed) => {
    expect(parseCommand([`--speed=${speed}`], {})).toEqual({ kind: 'error', message: `--speed expects a number above 0 and at most 1000, got "${speed}"` });
    expect(parseCommand(['run', 'demo', `--speed=${speed}`, '--', 'bot'], {})).toEqual({ kind: 'error', message: `--speed expects a number above 0 and at most 1000, got "${speed}"` });
  });

  it('the fastest speed, 1000, is taken', () => {
    expect(parseCommand(['--speed', '1000'], {})).toEqual(serve({ speed: 1000 }));
  });

  it('--clock picks the clock, system (the default) or manual; CHAOS_EXCHANGE_CLOCK too, the flag winning', () => {
    expect(parseCommand(['--clock', 'manual'], {})).toEqual(serve({ clock: 'manual' }));
    expect(parseCommand(['--clock=system'], {})).toEqual(serve({ clock: 'system' }));
    expect(parseCommand([], { CHAOS_EXCHANGE_CLOCK: 'manual' })).toEqual(serve({ clock: 'manual' }));
    expect(parseCommand([], { CHAOS_EXCHANGE_CLOCK: '' })).toEqual(serve({ clock: 'system' }));
    expect(parseCommand(['--clock', 'system'], { CHAOS_EXCHANGE_CLOCK: 'manual' })).toEqual(serve({ clock: 'system' }));
  });

  it.each(['wall', 'Manual', 'real', ''])('a bad clock "%s" is an error saying what was expected and found', (clock) => {
    expect(parseCommand([`--clock=${clock}`], {})).toEqual({ kind: 'error', message: `--clock expects "system" or "manual", got "${clock}"` });
  });

  it('a speed on the manual clock is an error (it never runs by itself), from the flag or CHAOS_EXCHANGE_SPEED', () => {
    const message = (from: string): string => `${from} has no effect on the manual clock: time moves only through /__chaos/advance and /__chaos/jump`;
    expect(parseCommand(['--clock', 'manual', '--speed', '10'], {})).toEqual({ kind: 'error', message: message('--speed') });
    expect(parseCommand([], { CHAOS_EXCHANGE_CLOCK: 'manual', CHAOS_EXCHANGE_SPEED: '10' })).toEqual({ kind: 'error', message: message('CHAOS_EXCHANGE_SPEED') });
  });

  it('a bad CHAOS_EXCHANGE_PORT or CHAOS_EXCHANGE_SPEED in the environment is an error naming it', () => {
    expect(parseCommand([], { CHAOS_EXCHANGE_PORT: 'http' })).toEqual({ kind: 'error', message: 'CHAOS_EXCHANGE_PORT expects a port 0-65535, got "http"' });
    expect(parseCommand([], { CHAOS_EXCHANGE_SPEED: '-1' })).toEqual({ kind: 'error', message: 'CHAOS_EXCHANGE_SPEED expects a number above 0 and at most 1000, got "-1"' });
  });

  it('unknown commands, extra arguments, unknown flags and missing values are errors naming the culprit', () => {
    expect(parseCommand(['start'], {})).toEqual({ kind: 'error', message: 'unknown command "start" (try --help)' });
    expect(parseCommand(['serve', 'calm'], {})).toEqual({ kind: 'error', message: 'unexpected argument "calm"' });
    expect(parseCommand(['--verbose'], {})).toMatchObject({ kind: 'error', message: expect.stringContaining("'--verbose'") });
    expect(parseCommand(['--port'], {})).toMatchObject({ kind: 'error', message: expect.stringContaining("'--port <value>' argument missing") });
  });

  it('validate takes one or more files; schema takes none', () => {
    expect(parseCommand(['validate', 'a.yaml', 'calm'], {})).toEqual({ kind: 'validate', files: ['a.yaml', 'calm'] });
    expect(parseCommand(['validate'], {})).toEqual({ kind: 'error', message: 'validate needs at least one FILE' });
    expect(parseCommand(['schema'], {})).toEqual({ kind: 'schema' });
    expect(parseCommand(['schema', 'x'], {})).toEqual({ kind: 'error', message: 'unexpected argument "x"' });
  });

  it.each([['--help'], ['-h'], ['help'], ['serve', '--help'], ['--help', '--port', 'abc']])('%j asks for help', (...argv) => {
    expect(parseCommand(argv, { CHAOS_EXCHANGE_PORT: 'bad' })).toEqual({ kind: 'help' });
  });

  it('HELP names every flag, its environment variable and the built-in scenarios; every flag it names is accepted', () => {
    for (const word of [...FLAGS, ...ENV_VARS, ...builtinNames()]) expect(HELP).toContain(word);
    for (const [, flag] of HELP.matchAll(/(--[a-z][a-z-]*)/g)) {
      const cmd = parseCommand([`${flag}=1`], {});
      expect(cmd.kind === 'error' ? cmd.message : '', flag).not.toMatch(/Unknown option/);
    }
  });
});

describe('bin/chaos-exchange.js', () => {
  const root = packageRoot();
  const runs: CliRun[] = [];
  const tmp = realpathSync(mkdtempSync(join(tmpdir(), 'chaos-exchange-cli-')));
  const cli = (args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): CliRun => {
    const run = spawnCli(root, args, opts);
    runs.push(run);
    return run;
  };
  const keysFor = async (seed: number) => [...(await createExchange({ seed })).exchange.accounts.values()].map((a) => ({ name: a.name, key: a.spec.key, secret: a.spec.secret }));

  afterEach(() => {
    for (const run of runs.splice(0)) if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('prints the URL and the seeded account, serves signed calls there, and exits 0 on SIGTERM', async () => {
    const run = cli(['--port', '0', '--seed', '7']);
    const listening = /^chaos-exchange listening on (http:\/\/127\.0\.0\.1:(\d+))$/.exec(await run.nextLine());
    expect(listening, run.stdout()).not.toBeNull();
    const url = listening?.[1] as string;
    expect(Number(listening?.[2])).toBeGreaterThan(0);
    const account = /^account (\S+) key=([A-Za-z0-9+/=_-]{8,128}) secret=([A-Za-z0-9+/]+={0,2})$/.exec(await run.nextLine());
    expect(account, run.stdout()).not.toBeNull();
    const [, name, key, secret] = account as unknown as [string, string, string, string];
    expect([{ name, key, secret }]).toEqual(await keysFor(7));
    expect(key).not.toBe((await keysFor(8))[0]?.key);

    const status = (await (await fetch(`${url}/0/public/SystemStatus`)).json()) as { error: string[]; result: { status: string } };
    expect(status).toMatchObject({ error: [], result: { status: 'online' } });
    const body = 'nonce=1';
    const balance = await fetch(`${url}/0/private/Balance`, {
      method: 'POST', body,
      headers: { 'API-Key': key, 'API-Sign': sign('/0/private/Balance', '1', body, secret), 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(await balance.json()).toMatchObject({ error: [], result: expect.any(Object) });

    run.child.kill('SIGTERM');
    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(run.stdout()).toContain('chaos-exchange: SIGTERM, closing');
  });

  it('--allowed-host and CHAOS_EXCHANGE_ALLOWED_HOSTS reach the control API: those Host names are answered, others refused', async () => {
    /** The status of GET /__chaos/state sent with exactly this Host header. */
    const stateWithHost = (port: string, host: string): Promise<number> => new Promise((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/__chaos/state', headers: { host }, setHost: false }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end();
    });
    for (const [args, env] of [[['--allowed-host', 'chaos.test'], {}], [[], { CHAOS_EXCHANGE_ALLOWED_HOSTS: 'other.test, chaos.test' }]] as const) {
      const run = cli(['--port', '0', ...args], { env });
      const port = /:(\d+)$/.exec(await run.nextLine())?.[1] as string;
      expect(await stateWithHost(port, `chaos.test:${port}`)).toBe(200);
      expect(await stateWithHost(port, `localhost:${port}`)).toBe(200);
      expect(await stateWithHost(port, `evil.example:${port}`)).toBe(403);
      run.child.kill('SIGTERM');
      expect((await run.exited).code).toBe(0);
    }
  });

  it('reads CHAOS_EXCHANGE_PORT and CHAOS_EXCHANGE_SEED from the environment, and exits 0 on SIGINT', async () => {
    const run = cli([], { env: { CHAOS_EXCHANGE_PORT: '0', CHAOS_EXCHANGE_SEED: '7' } });
    expect(await run.nextLine()).toMatch(/^chaos-exchange listening on http:\/\/127\.0\.0\.1:[1-9]\d*$/);
    expect(await run.nextLine()).toContain(`key=${(await keysFor(7))[0]?.key} `);
    run.child.kill('SIGINT');
    expect(await run.exited).toEqual({ code: 0, signal: null });
  });

  it('prints where the dashboard is after the account and proxy lines, and the dashboard answers there', async () => {
    const run = cli(['--port', '0']);
    const url = /^chaos-exchange listening on (\S+)$/.exec(await run.nextLine())?.[1] as string;
    expect(await run.nextLine()).toMatch(/^account default /);
    expect(await run.nextLine()).toMatch(/^proxy /);
    expect(await run.nextLine()).toBe(`dashboard ${url}/__chaos/ui/`);
    const page = await fetch(`${url}/__chaos/ui/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html');
    run.child.kill('SIGTERM');
    expect((await run.exited).code).toBe(0);
  });

  it('--help prints usage naming every flag and exits 0', async () => {
    const run = cli(['--help']);
    expect(await run.exited).toEqual({ code: 0, signal: null });
    for (const flag of FLAGS) expect(run.stdout()).toContain(flag);
    expect(run.stdout()).toContain('Usage:');
  });

  it('a bad flag exits 2 saying why, without listening', async () => {
    const run = cli(['--port', '99999']);
    expect(await run.exited).toEqual({ code: 2, signal: null });
    expect(run.stderr()).toBe('chaos-exchange: --port expects a port 0-65535, got "99999"\n');
    expect(run.stdout()).toBe('');
  });

  it('--scenario does-not-exist.yaml exits 1 naming the file', async () => {
    const run = cli(['--scenario', 'does-not-exist.yaml', '--port', '0'], { cwd: tmp });
    expect(await run.exited).toEqual({ code: 1, signal: null });
    expect(run.stderr()).toContain(`${join(tmp, 'does-not-exist.yaml')}:1:1: cannot read the file`);
    expect(run.stdout()).toBe('');
  });

  it('a scenario file with errors exits 1 listing every one as file:line:col', async () => {
    const file = join(tmp, 'broken.yaml');
    writeFileSync(file, 'name: broken\ncolour: red\nmarket:\n  step: 5\n');
    const run = cli(['--scenario', file, '--port', '0']);
    expect(await run.exited).toEqual({ code: 1, signal: null });
    expect(run.stderr()).toMatch(new RegExp(`^${file}:2:1: unknown key "colour" \\(expected one of: `, 'm'));
    expect(run.stderr()).toMatch(new RegExp(`^${file}:4:9: market\\.step: expected a duration: .*, found number 5$`, 'm'));
    expect(run.stdout()).toBe('');
  });

  it('validate prints every problem of every file as file:line:col and exits 1; good files say ok', async () => {
    const bad = join(tmp, 'bad.yaml');
    writeFileSync(bad, 'name: bad\ntimeline:\n  - name: open\n  - name: x\n    mode: sideways\n    duraton: 1m\n    faults:\n      - match: { route: AddOrdr }\n        effect: { kind: hang }\n');
    const run = cli(['validate', 'calm', bad]);
    expect(await run.exited).toEqual({ code: 1, signal: null });
    expect(run.stdout()).toBe('calm: ok\n');
    expect(run.stderr().trim().split('\n')).toEqual([
      `${bad}:3:5: timeline.0.duration: phase "open" needs a duration: only the last phase may be open-ended`,
      `${bad}:5:11: timeline.1.mode: expected one of "online", "maintenance", "cancel_only", "post_only", "limit_only", found "sideways"`,
      `${bad}:6:5: timeline.1: unknown key "duraton" (did you mean "duration"?)`,
      `${bad}:8:25: timeline.1.faults.0.match.route: "AddOrdr" matches no Kraken method (did you mean "AddOrder"?)`,
    ]);
    const good = cli(['validate', 'calm']);
    expect(await good.exited).toEqual({ code: 0, signal: null });
  });

  it('schema prints the JSON Schema the built-in scenarios reference', async () => {
    const run = cli(['schema']);
    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(JSON.parse(run.stdout())).toMatchObject({ type: 'object', required: ['name'], title: 'chaos-exchange scenario' });
  });
});
