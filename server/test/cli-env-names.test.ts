/**
 * The CLI's environment variables are CHAOS_EXCHANGE_* names: generic ones a shell or a tool sets
 * (zsh's HOST, a Procfile runner's PORT) never reach the server; a bad value names its variable.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parseCommand } from '../src/cli.js';
import { packageRoot } from '../src/scenario/builtin.js';
import { spawnCli, type CliRun } from './spawn-cli.js';

const NEW_NAMES = {
  CHAOS_EXCHANGE_PORT: '9001', CHAOS_EXCHANGE_HOST: '0.0.0.0', CHAOS_EXCHANGE_SCENARIO: 'x.yaml', CHAOS_EXCHANGE_SEED: '42', CHAOS_EXCHANGE_SPEED: '10',
  CHAOS_EXCHANGE_JOURNAL_SIZE: '99', CHAOS_EXCHANGE_ORDER_HISTORY: '7', CHAOS_EXCHANGE_CONTROL_TOKEN: 't',
};
const RETIRED = { PORT: '9001', SCENARIO: 'x.yaml', SEED: '42', SPEED: '10', JOURNAL_SIZE: '99', ORDER_HISTORY: '7', CONTROL_TOKEN: 't' };

describe('environment names', () => {
  it('serve reads every option from its CHAOS_EXCHANGE_* variable', () => {
    expect(parseCommand([], NEW_NAMES)).toMatchObject({
      kind: 'serve', notices: [],
      options: { port: 9001, host: '0.0.0.0', scenario: 'x.yaml', seed: '42', speed: 10, journalSize: 99, orderHistory: 7, controlToken: 't' },
    });
  });

  it('HOST (zsh sets it to the machine name) is never read, and says nothing', () => {
    expect(parseCommand([], { HOST: 'my-laptop' })).toMatchObject({ kind: 'serve', notices: [], options: { host: '127.0.0.1' } });
  });

  it('the old generic names are no longer read: each set alone gets a one-line notice naming its new variable', () => {
    const cmd = parseCommand([], RETIRED);
    expect(cmd).toMatchObject({ kind: 'serve', options: { port: 8080, scenario: 'demo', seed: undefined, speed: 1, journalSize: 10_000, orderHistory: undefined, controlToken: undefined } });
    const notices = cmd.kind === 'serve' ? cmd.notices : [];
    expect(notices.toSorted()).toEqual(Object.keys(RETIRED).toSorted().map((old) => `${old} is set but no longer read: its new name is CHAOS_EXCHANGE_${old}`));
    // Beside its new name (or its flag), an old one is somebody else's: no notice.
    expect(parseCommand(['--seed', '1'], { SEED: '3', CHAOS_EXCHANGE_PORT: '1', PORT: '2' })).toMatchObject({ kind: 'serve', notices: [] });
  });

  it('run reads CHAOS_EXCHANGE_SEED and CHAOS_EXCHANGE_SPEED, not SEED or SPEED', () => {
    expect(parseCommand(['run', 'demo', '--', 'bot'], { CHAOS_EXCHANGE_SEED: '5', CHAOS_EXCHANGE_SPEED: '20' })).toMatchObject({ kind: 'run', notices: [], options: { seed: '5', speed: 20 } });
    expect(parseCommand(['run', 'demo', '--', 'bot'], { SEED: '5', SPEED: '20' })).toMatchObject({
      kind: 'run', options: { seed: undefined, speed: 1 },
      notices: ['SPEED is set but no longer read: its new name is CHAOS_EXCHANGE_SPEED', 'SEED is set but no longer read: its new name is CHAOS_EXCHANGE_SEED'],
    });
  });

  it('env reads CHAOS_EXCHANGE_CONTROL_TOKEN', () => {
    expect(parseCommand(['env'], { CHAOS_EXCHANGE_CONTROL_TOKEN: 'k' })).toMatchObject({ kind: 'env', options: { controlToken: 'k' } });
    expect(parseCommand(['env'], { CONTROL_TOKEN: 'k' })).toMatchObject({ kind: 'env', options: { controlToken: undefined } });
  });

  it.each([
    [{ CHAOS_EXCHANGE_PORT: 'abc' }, 'CHAOS_EXCHANGE_PORT expects a port 0-65535, got "abc"'],
    [{ CHAOS_EXCHANGE_SPEED: 'fast' }, 'CHAOS_EXCHANGE_SPEED expects a number above 0 and at most 1000, got "fast"'],
    [{ CHAOS_EXCHANGE_JOURNAL_SIZE: '0' }, 'CHAOS_EXCHANGE_JOURNAL_SIZE expects a positive integer, got "0"'],
    [{ CHAOS_EXCHANGE_ORDER_HISTORY: 'x' }, 'CHAOS_EXCHANGE_ORDER_HISTORY expects a positive integer, got "x"'],
    [{ CHAOS_EXCHANGE_CLOCK: 'wall' }, 'CHAOS_EXCHANGE_CLOCK expects "system" or "manual", got "wall"'],
    [{ CHAOS_EXCHANGE_CLOCK: 'manual', CHAOS_EXCHANGE_SPEED: '2' }, 'CHAOS_EXCHANGE_SPEED has no effect on the manual clock: time moves only through /__chaos/advance and /__chaos/jump'],
    [{ CHAOS_EXCHANGE_ALLOWED_HOSTS: 'a@b' }, 'CHAOS_EXCHANGE_ALLOWED_HOSTS expects a host name or address such as "chaos.test", got "a@b"'],
  ])('a bad value in %j names its variable', (env, message) => {
    expect(parseCommand([], env)).toEqual({ kind: 'error', message });
  });

  it('a bad value given as a flag names the flag', () => {
    expect(parseCommand(['--port', 'abc'], { CHAOS_EXCHANGE_PORT: '1' })).toEqual({ kind: 'error', message: '--port expects a port 0-65535, got "abc"' });
    expect(parseCommand(['run', 'demo', '--', 'bot'], { CHAOS_EXCHANGE_SPEED: '0' })).toEqual({ kind: 'error', message: 'CHAOS_EXCHANGE_SPEED expects a number above 0 and at most 1000, got "0"' });
  });
});

describe('environment names (the CLI process)', () => {
  const runs: CliRun[] = [];
  const cli = (args: string[], env: Record<string, string>): CliRun => {
    const run = spawnCli(packageRoot(), args, { env });
    runs.push(run);
    return run;
  };
  afterEach(() => {
    for (const run of runs.splice(0)) if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
  });

  it('serves on 127.0.0.1 with HOST set to a machine name, as under zsh', async () => {
    const run = cli([], { HOST: 'no-such-machine.invalid', CHAOS_EXCHANGE_PORT: '0' });
    expect(await run.nextLine()).toMatch(/^chaos-exchange listening on http:\/\/127\.0\.0\.1:[1-9]\d*$/);
    run.child.kill('SIGTERM');
    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(run.stderr()).toBe('');
  });

  it('an old name set alone is noticed on stderr, and the server still starts', async () => {
    const run = cli(['--port', '0'], { SEED: '7' });
    expect(await run.nextLine()).toMatch(/^chaos-exchange listening on /);
    run.child.kill('SIGTERM');
    await run.exited;
    expect(run.stderr()).toBe('chaos-exchange: SEED is set but no longer read: its new name is CHAOS_EXCHANGE_SEED\n');
  });

  it('a host that does not resolve exits 2 naming CHAOS_EXCHANGE_HOST, in one line', async () => {
    const run = cli([], { CHAOS_EXCHANGE_HOST: 'no-such-machine.invalid', CHAOS_EXCHANGE_PORT: '0' });
    expect(await run.exited).toEqual({ code: 2, signal: null });
    expect(run.stderr()).toMatch(/^chaos-exchange: CHAOS_EXCHANGE_HOST expects an address of this machine to listen on, got "no-such-machine\.invalid" \(getaddrinfo E[A-Z_]+\)\n$/);
    expect(run.stdout()).toBe('');
  });

  it('a bad port in the variable exits 2 naming it', async () => {
    const run = cli([], { CHAOS_EXCHANGE_PORT: 'abc' });
    expect(await run.exited).toEqual({ code: 2, signal: null });
    expect(run.stderr()).toBe('chaos-exchange: CHAOS_EXCHANGE_PORT expects a port 0-65535, got "abc"\n');
  });

  it('a port in use names where the port came from', async () => {
    const first = cli([], { CHAOS_EXCHANGE_PORT: '0' });
    const port = /:(\d+)$/.exec(await first.nextLine())?.[1] as string;
    const second = cli([], { CHAOS_EXCHANGE_PORT: port });
    expect(await second.exited).toEqual({ code: 1, signal: null });
    expect(second.stderr()).toBe(`chaos-exchange: CHAOS_EXCHANGE_PORT: port ${port} on 127.0.0.1 is in use (EADDRINUSE)\n`);
  });
});
