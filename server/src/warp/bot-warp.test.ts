import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../scenario/builtin.js';
import { botWarp } from './bot-warp.js';
import { isNodeCommand } from './node-command.js';
import { readWarpEnv, WARP_ENV } from './warp-env.js';
import { realDelay } from './warp-timers.js';

const dir = mkdtempSync(join(tmpdir(), 'bot-warp '));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An executable file in the temporary folder. */
function script(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  chmodSync(file, 0o755);
  return file;
}

// A stand-in for the built preload: botWarp only checks that it is there.
const preload = pathToFileURL(script('warp-preload.js', ''));
const START = Date.UTC(2026, 0, 1);
const REAL = Date.UTC(2026, 5, 1, 12);

describe('isNodeCommand', () => {
  it('knows node and the package managers that run Node by name or path, and scripts whose #! line runs node', () => {
    for (const program of ['node', '/usr/local/bin/node', 'nodejs', 'npm', 'npx', 'yarn', 'pnpm', 'C:\\Program Files\\nodejs\\npx.cmd']) expect(isNodeCommand([program, 'x']), program).toBe(true);
    expect(isNodeCommand([script('bot-env', '#!/usr/bin/env node\nconsole.log(1)\n')])).toBe(true);
    expect(isNodeCommand([script('bot-abs', '#!/opt/node/bin/node --enable-source-maps\n')])).toBe(true);
    // Found on the PATH when named bare.
    script('my-node-bot', '#!/usr/bin/env -S node --no-warnings\n');
    expect(isNodeCommand(['my-node-bot'], { PATH: `/nonexistent:${dir}` })).toBe(true);
  });

  it('does not take a shell, Python, a missing program or another #! line for Node', () => {
    expect(isNodeCommand(['sh', '-c', 'node bot.js'])).toBe(false);
    expect(isNodeCommand(['python3', 'bot.py'])).toBe(false);
    expect(isNodeCommand([script('bot.sh', '#!/bin/sh\nexec python3 bot.py\n')])).toBe(false);
    expect(isNodeCommand([script('ts-bot', '#!/usr/bin/env ts-node-esm\n')])).toBe(false);
    expect(isNodeCommand(['no-such-program-here'], { PATH: dir })).toBe(false);
    expect(isNodeCommand([])).toBe(false);
  });
});

describe('botWarp', () => {
  it('at speed 1 on the real clock warps nothing', () => {
    const w = botWarp(['python3', 'bot.py'], { speed: 1, start: REAL + 20, realNow: REAL, preload, libfaketime: null });
    expect(w).toMatchObject({ how: 'real-time', env: {}, command: ['python3', 'bot.py'] });
  });

  it('at speed 1 with a start date of its own still warps (the bot must see the exchange\'s date)', () => {
    expect(botWarp(['node', 'bot.js'], { speed: 1, start: START, realNow: REAL, preload }).how).toBe('node-preload');
  });

  it('a Node command gets the preload first in NODE_OPTIONS and the simulated time in the warp variables', () => {
    const w = botWarp(['node', 'bot.js'], { speed: 60, start: START, realNow: REAL, preload, env: { NODE_OPTIONS: ' --max-old-space-size=100 ' }, libfaketime: '/lib/libfaketime.so.1' });
    expect(w.how).toBe('node-preload');
    expect(w.command).toEqual(['node', 'bot.js']);
    expect(w.env).toEqual({
      NODE_OPTIONS: `--import=${preload.href} --max-old-space-size=100`,
      [WARP_ENV.speed]: '60', [WARP_ENV.simAt]: String(START), [WARP_ENV.realAt]: String(REAL),
    });
    // The folder has a space: the URL carries it percent-encoded, so NODE_OPTIONS keeps it one word.
    expect(w.env.NODE_OPTIONS).toContain('bot-warp%20');
    expect(readWarpEnv(w.env)).toEqual({ speed: 60, simAt: START, realAt: REAL });
    expect(w.note).toContain('x60 from 2026-01-01T00:00:00.000Z');
  });

  it('another command gets libfaketime too, offset to the microsecond (its Node.js processes too: the preload stands aside)', () => {
    const w = botWarp(['python3', 'bot.py'], { speed: 30, start: REAL - 1_500.25, realNow: REAL, preload, env: { LD_PRELOAD: '/lib/other.so' }, libfaketime: '/lib/libfaketimeMT.so.1' });
    expect(w.how).toBe('faketime');
    expect(w.env).toMatchObject({
      LD_PRELOAD: '/lib/libfaketimeMT.so.1:/lib/other.so', FAKETIME: '-1.500250 x30', FAKETIME_DONT_RESET: '1',
      NODE_OPTIONS: `--import=${preload.href}`, [WARP_ENV.speed]: '30',
    });
    const ahead = botWarp(['./bot'], { speed: 2.5, start: REAL + 86_400_000, realNow: REAL, preload, env: {}, libfaketime: '/lib/libfaketime.so.1' });
    expect(ahead.env).toMatchObject({ LD_PRELOAD: '/lib/libfaketime.so.1', FAKETIME: '+86400.000000 x2.5' });
  });

  it('says loudly when nothing can warp the bot, and still warps the Node processes it starts', () => {
    const w = botWarp(['python3', 'bot.py'], { speed: 60, start: START, realNow: REAL, preload, libfaketime: null });
    expect(w.how).toBe('none');
    expect(w.note).toMatch(/^WARNING: the bot is NOT in simulated time: "python3" is not a Node.js command and libfaketime is not installed/);
    expect(w.note).toContain('only Node.js processes it starts are warped');
    expect(w.env.NODE_OPTIONS).toBe(`--import=${preload.href}`);
  });

  it('a Node command without a built preload is not warped, and says why', () => {
    const missing = pathToFileURL(join(dir, 'not-built.js'));
    const w = botWarp(['node', 'bot.js'], { speed: 60, start: START, realNow: REAL, preload: missing, libfaketime: '/lib/libfaketime.so.1' });
    expect(w).toMatchObject({ how: 'none', env: {} });
    expect(w.note).toContain('the time-warp preload is not built');
  });

  it('refuses a speed that is not above 0', () => {
    expect(() => botWarp(['node'], { speed: 0, start: START, realNow: REAL, preload })).toThrow(RangeError);
  });
});

describe('the warp variables and delays', () => {
  it('reads all three variables or none, and names a bad one', () => {
    expect(readWarpEnv({})).toBeUndefined();
    expect(() => readWarpEnv({ [WARP_ENV.speed]: '50' })).toThrow(WARP_ENV.simAt);
    expect(() => readWarpEnv({ [WARP_ENV.speed]: 'fast', [WARP_ENV.simAt]: '1', [WARP_ENV.realAt]: '2' })).toThrow(`${WARP_ENV.speed} must be a number, got "fast"`);
    expect(() => readWarpEnv({ [WARP_ENV.speed]: '-2', [WARP_ENV.simAt]: '1', [WARP_ENV.realAt]: '2' })).toThrow('above 0');
  });

  it('divides what Node takes as a delay by the speed and leaves the rest to Node', () => {
    expect(realDelay(5_000, 50)).toBe(100);
    expect(realDelay('5000', 50)).toBe(100);
    expect(realDelay(10, 50)).toBe(0.2);
    expect(realDelay(2 ** 31 - 1, 0.5)).toBe(2 ** 31 - 1);
    for (const odd of [0, -5, undefined, Number.NaN, 2 ** 31, 'soon', null]) expect(realDelay(odd, 50)).toBe(odd);
  });
});

describe('docs/time-warp.md', () => {
  it('names every variable the warp sets, and every way the bot can be started', () => {
    const doc = readFileSync(join(packageRoot(), 'docs/time-warp.md'), 'utf8');
    const w = botWarp(['python3'], { speed: 60, start: START, realNow: REAL, preload, libfaketime: '/lib/libfaketime.so.1' });
    for (const name of Object.keys(w.env)) expect(doc, name).toContain(`\`${name}\``);
    for (const how of ['node-preload', 'faketime', 'none', 'real-time']) expect(doc, how).toContain(`\`${how}\``);
  });
});
