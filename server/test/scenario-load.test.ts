import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario, ScenarioError } from '../src/app.js';
import { builtinNames } from '../src/scenario/builtin.js';
import { formatIssue, parseScenario } from '../src/scenario/load.js';
import { resolveScenario } from '../src/scenario/resolve.js';

const messages = (text: string): string[] => {
  const r = parseScenario(text, 'x.yaml');
  if (r.ok) throw new Error('expected issues');
  return r.issues.map(formatIssue);
};

describe('scenario loading', () => {
  it('every built-in scenario loads, and `calm` is among them', async () => {
    expect(builtinNames()).toContain('calm');
    for (const name of builtinNames()) await expect(loadScenario(name)).resolves.toMatchObject({ name });
  });

  it('reports YAML syntax errors with file:line:col', () => {
    const m = messages('name: x\nmarket:\n  pairs: [a, b\n');
    expect(m[0]).toMatch(/^x\.yaml:\d+:\d+: /);
  });

  it('reports every schema problem at once, each at its own position', () => {
    const m = messages([
      'name: bad',                 // 1
      'seed: 1',                   // 2
      'colour: red',               // 3  unknown key
      'market:',                   // 4
      '  step: soon',              // 5  bad duration
      '  pairs:',                  // 6
      '    XBT/FOO: {}',           // 7  unknown pair
      'accounts:',                 // 8
      '  - name: a',               // 9
      '    balances: { XBT: lots }', // 10 bad decimal
      '    tier: platinum',        // 11 bad enum
    ].join('\n'));
    expect(m).toEqual([
      'x.yaml:3:1: unknown key "colour" (expected one of: name, description, exchange, seed, market, accounts, timeline, rateLimits, loop, expect)',
      'x.yaml:5:9: market.step: expected a duration: a number and a unit (ms, s, m, h or d) such as "800ms", "90s", "10m" or "1h30m", found "soon"',
      'x.yaml:7:5: market.pairs.XBT/FOO: unknown pair',
      'x.yaml:10:22: accounts.0.balances.XBT: expected a decimal number such as "2.5"',
      expect.stringMatching(/^x\.yaml:11:11: accounts\.0\.tier: /),
    ]);
  });

  it('a value of the wrong type says what was found', () => {
    expect(messages('name: [1, 2]\n')).toEqual(['x.yaml:1:7: name: expected string, found array']);
  });

  it('suggests the key a typo was meant to be', () => {
    expect(messages('name: x\nmarket:\n  piars: {}\naccounts:\n  - name: a\n    balence: { USD: 1 }\ntimeline:\n  - name: p\n    faults:\n      - efect: { kind: hang }\n')).toEqual([
      'x.yaml:3:3: market: unknown key "piars" (did you mean "pairs"?)',
      'x.yaml:6:5: accounts.0: unknown key "balence" (did you mean "balances"?)',
      expect.stringMatching(/^x\.yaml:10:\d+: timeline\.0\.faults\.0/),
      'x.yaml:10:9: timeline.0.faults.0: unknown key "efect" (did you mean "effect"?)',
    ]);
  });

  it('a missing required field names the field', () => {
    expect(messages('seed: 1\n')).toEqual(['x.yaml:1:1: name: expected string, but it is missing']);
  });

  it('loads a file by path and refuses a broken one with ScenarioError listing every issue', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chaos-'));
    const good = join(dir, 'good.yaml');
    writeFileSync(good, 'name: mine\naccounts:\n  - name: bot\n    balances: { USD: 10 }\n');
    const s = await loadScenario(good);
    expect(s.accounts?.[0]?.name).toBe('bot');
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'name: mine\nwat: 1\nmarket: { step: x }\n');
    const err = await loadScenario(bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ScenarioError);
    expect((err as ScenarioError).issues).toHaveLength(2);
    expect((err as ScenarioError).message).toContain(`${bad}:2:1: unknown key "wat"`);
    await expect(loadScenario(join(dir, 'missing.yaml'))).rejects.toThrow(/cannot read the file/);
  });

  it('generates keys and secrets from the seed when not declared, stable per seed', () => {
    const scenario = { name: 's', accounts: [{ name: 'a', feeTier: 0, tier: 'pro' as const, nonceWindow: 0 }] };
    const one = resolveScenario(scenario, { seed: 5, startTime: 0 }).accounts[0]!;
    const two = resolveScenario(scenario, { seed: 5, startTime: 0 }).accounts[0]!;
    const other = resolveScenario(scenario, { seed: 6, startTime: 0 }).accounts[0]!;
    expect(one.key).toBe(two.key);
    expect(one.key).not.toBe(other.key);
    expect(Buffer.from(one.secret, 'base64')).toHaveLength(64);
    expect(one.balances).toEqual({});
    const fallback = resolveScenario({ name: 'd' }, { seed: 5, startTime: 0 }).accounts;
    expect(fallback.map((a) => a.name)).toEqual(['default']);
    expect(Object.keys(fallback[0]!.balances)).toContain('BTC');
  });
});

describe('contradictions across fields', () => {
  it('unknown routes (with a suggestion), unlisted pairs, unknown accounts', () => {
    const text = [
      'name: x',                                        // 1
      'market: { pairs: { XBT/USD: {} } }',             // 2
      'accounts: [{ name: bot }]',                      // 3
      'timeline:',                                      // 4
      '  - name: p',                                    // 5
      '    mode: { global: maintenance, pairs: { ETH/USD: cancel_only } }', // 6
      '    orders: { new: queue }',                     // 7
      '    faults:',                                    // 8
      '      - match: { route: AddOrdr, pair: SOL/USD, account: alice }', // 9
      '        effect: { kind: hang }',                 // 10
      '      - match: { route: [private/Cancel*, "*"] }', // 11
      '        effect: { kind: hang }',                 // 12
      '      - match: { route: private/Ticker }',      // 13
      '        effect: { kind: hang }',                 // 14
    ].join('\n');
    expect(messages(text)).toEqual([
      'x.yaml:6:52: timeline.0.mode.pairs.ETH/USD: pair ETH/USD is not listed in market.pairs',
      'x.yaml:9:25: timeline.0.faults.0.match.route: "AddOrdr" matches no Kraken method (did you mean "AddOrder"?)',
      'x.yaml:9:40: timeline.0.faults.0.match.pair: pair SOL/USD is not listed in market.pairs',
      'x.yaml:9:58: timeline.0.faults.0.match.account: no account named "alice" (accounts: bot)',
      'x.yaml:13:25: timeline.0.faults.2.match.route: "private/Ticker" matches no Kraken method ("Ticker" is a public method)',
    ]);
  });

  it('WebSocket rules: REST-only keys on a WebSocket kind and the reverse, unknown channels and requests', () => {
    const text = [
      'name: x',                                        // 1
      'timeline:',                                      // 2
      '  - name: p',                                    // 3
      '    faults:',                                    // 4
      '      - match: { route: Ticker, channel: bok }',  // 5
      '        effect: { kind: freeze }',               // 6
      '      - match: { channel: book, request: subscrib }', // 7
      '        effect: { kind: disconnect }',           // 8
      '      - match: { connection: public }',          // 9
      '        effect: { kind: status, status: 502 }',  // 10
      '      - match: { request: add_order, connection: private }', // 11
      '        effect: { kind: expire-token }',         // 12
    ].join('\n');
    expect(messages(text)).toEqual([
      'x.yaml:5:25: timeline.0.faults.0.match.route: "route" is for REST faults; a "freeze" fault matches WebSocket feed events (channel, request, connection, pair, account)',
      'x.yaml:5:42: timeline.0.faults.0.match.channel: "bok" matches no WebSocket channel (did you mean "book"?)',
      'x.yaml:7:27: timeline.0.faults.1.match.channel: a "disconnect" fault acts on whole connections, which have no channel',
      'x.yaml:7:42: timeline.0.faults.1.match.request: a "disconnect" fault acts on open events, not on client requests',
      'x.yaml:7:42: timeline.0.faults.1.match.request: "subscrib" matches no WebSocket request (did you mean "subscribe"?)',
      'x.yaml:9:30: timeline.0.faults.2.match.connection: "connection" is for WebSocket faults; a "status" fault matches REST requests (route, method, account, pair)',
    ]);
  });

  it('scenario objects get the same cross-field checks as files', async () => {
    const err = await loadScenario({ name: 'o', timeline: [{ name: 'p', faults: [{ match: { route: 'AddOrdr' }, effect: { kind: 'hang' } }] }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ScenarioError);
    expect((err as ScenarioError).message).toContain('<object>:0:0: timeline.0.faults.0.match.route: "AddOrdr" matches no Kraken method (did you mean "AddOrder"?)');
  });
});
