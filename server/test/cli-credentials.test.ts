/**
 * Fixed credentials for a bot beside `serve` (compose): CHAOS_EXCHANGE_API_KEY and
 * CHAOS_EXCHANGE_API_SECRET replace the first account's seeded key and secret.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { sign } from '../src/api/kraken/rest/auth.js';
import { parseCommand } from '../src/cli.js';
import { packageRoot } from '../src/scenario/builtin.js';
import { spawnCli, type CliRun } from './spawn-cli.js';

const KEY = 'compose-bot-key-0001';
const SECRET = Buffer.alloc(64, 7).toString('base64');

describe('CHAOS_EXCHANGE_API_KEY and CHAOS_EXCHANGE_API_SECRET', () => {
  it('serve takes both, and only both', () => {
    expect(parseCommand([], { CHAOS_EXCHANGE_API_KEY: KEY, CHAOS_EXCHANGE_API_SECRET: SECRET })).toMatchObject({ kind: 'serve', options: { credentials: { key: KEY, secret: SECRET } } });
    expect(parseCommand([], {})).toMatchObject({ kind: 'serve', options: { credentials: undefined } });
    expect(parseCommand([], { CHAOS_EXCHANGE_API_KEY: KEY })).toEqual({ kind: 'error', message: 'CHAOS_EXCHANGE_API_KEY is set without CHAOS_EXCHANGE_API_SECRET: set both, or neither for the seeded ones' });
    expect(parseCommand([], { CHAOS_EXCHANGE_API_SECRET: SECRET })).toEqual({ kind: 'error', message: 'CHAOS_EXCHANGE_API_SECRET is set without CHAOS_EXCHANGE_API_KEY: set both, or neither for the seeded ones' });
  });

  it.each([
    ['a key with a space', { CHAOS_EXCHANGE_API_KEY: 'my key 0001', CHAOS_EXCHANGE_API_SECRET: SECRET }, 'CHAOS_EXCHANGE_API_KEY expects 8-128 characters of [A-Za-z0-9+/=_-], got 11 characters with others'],
    ['a short key', { CHAOS_EXCHANGE_API_KEY: 'abc', CHAOS_EXCHANGE_API_SECRET: SECRET }, 'CHAOS_EXCHANGE_API_KEY expects 8-128 characters of [A-Za-z0-9+/=_-], got 3 characters'],
    ['a secret of 32 bytes', { CHAOS_EXCHANGE_API_KEY: KEY, CHAOS_EXCHANGE_API_SECRET: Buffer.alloc(32, 1).toString('base64') }, 'CHAOS_EXCHANGE_API_SECRET expects the base64 text of 64 bytes (88 characters, as Kraken\'s secrets are), got 44 characters'],
    ['a secret that is no base64', { CHAOS_EXCHANGE_API_KEY: KEY, CHAOS_EXCHANGE_API_SECRET: `${SECRET.slice(0, 80)}!!!!!!==` }, 'CHAOS_EXCHANGE_API_SECRET expects the base64 text of 64 bytes (88 characters, as Kraken\'s secrets are), got 88 characters that are not base64'],
  ])('%s is an error naming the variable (never echoing the secret)', (_, env, message) => {
    expect(parseCommand([], env)).toEqual({ kind: 'error', message });
  });

  it('run does not read them: the bot is handed the seeded ones, so a run replays from its scenario and seed', () => {
    expect(parseCommand(['run', 'demo', '--', 'bot'], { CHAOS_EXCHANGE_API_KEY: 'x', CHAOS_EXCHANGE_API_SECRET: 'y' })).toMatchObject({ kind: 'run' });
  });
});

describe('serve with fixed credentials (the CLI process)', () => {
  const runs: CliRun[] = [];
  afterEach(() => {
    for (const run of runs.splice(0)) if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
  });

  it('prints them for the first account, and a call signed with them gets the balance', async () => {
    const run = spawnCli(packageRoot(), ['--port', '0', '--scenario', 'calm'], { env: { CHAOS_EXCHANGE_API_KEY: KEY, CHAOS_EXCHANGE_API_SECRET: SECRET } });
    runs.push(run);
    const url = /listening on (\S+)$/.exec(await run.nextLine())?.[1] as string;
    expect(await run.nextLine()).toBe(`account default key=${KEY} secret=${SECRET}`);
    const body = 'nonce=1';
    const balance = await fetch(`${url}/0/private/Balance`, {
      method: 'POST', body,
      headers: { 'API-Key': KEY, 'API-Sign': sign('/0/private/Balance', '1', body, SECRET), 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(await balance.json()).toMatchObject({ error: [], result: { ZUSD: expect.any(String) } });
    run.child.kill('SIGTERM');
    expect((await run.exited).code).toBe(0);
  });

  it('a bad secret exits 2 with one line naming the variable', async () => {
    const run = spawnCli(packageRoot(), ['--port', '0'], { env: { CHAOS_EXCHANGE_API_KEY: KEY, CHAOS_EXCHANGE_API_SECRET: 'c2hvcnQ=' } });
    runs.push(run);
    expect(await run.exited).toEqual({ code: 2, signal: null });
    expect(run.stderr()).toBe('chaos-exchange: CHAOS_EXCHANGE_API_SECRET expects the base64 text of 64 bytes (88 characters, as Kraken\'s secrets are), got 8 characters\n');
    expect(run.stdout()).toBe('');
  });
});
