import { describe, expect, it } from 'vitest';
import { loadScenario, ScenarioError } from '../src/app.js';
import { formatIssue, parseScenario } from '../src/scenario/load.js';

const messages = (text: string): string[] => {
  const r = parseScenario(text, 'x.yaml');
  if (r.ok) throw new Error('expected issues');
  return r.issues.map(formatIssue);
};

describe('validation reports structural and cross-field problems in one pass', () => {
  it('one structural error and two cross-field errors: all three, each at its position', () => {
    const text = [
      'name: x',                                        // 1
      'market: { pairs: { XBT/USD: {} } }',             // 2
      'timeline:',                                      // 3
      '  - name: p',                                    // 4
      '    mode: { pairs: { ETH/USD: cancel_only } }',  // 5 cross-field: unlisted pair
      '    orders: { new: hold }',                      // 6 structural: bad enum
      '    faults:',                                    // 7
      '      - match: { route: AddOrdr }',              // 8 cross-field: no such route
      '        effect: { kind: hang }',                 // 9
    ].join('\n');
    const m = messages(text);
    expect(m).toHaveLength(3);
    expect(m[0]).toBe('x.yaml:5:31: timeline.0.mode.pairs.ETH/USD: pair ETH/USD is not listed in market.pairs');
    expect(m[1]).toMatch(/^x\.yaml:6:20: timeline\.0\.orders\.new: /);
    expect(m[2]).toBe('x.yaml:8:25: timeline.0.faults.0.match.route: "AddOrdr" matches no Kraken method (did you mean "AddOrder"?)');
  });

  it('a broken fault rule is left out, and the rules after it keep their own index', () => {
    const text = [
      'name: x',                                        // 1
      'timeline:',                                      // 2
      '  - name: p',                                    // 3
      '    duration: 10 min',                           // 4 structural
      '    faults:',                                    // 5
      '      - match: { route: Nope }',                 // 6 broken rule: its route is not judged
      '        effect: { kind: latancy }',              // 7 structural
      '      - match: { route: Tickr }',                // 8 cross-field, still faults.1
      '        effect: { kind: hang }',                 // 9
      '  - name: q',                                    // 10
      '    faults:',                                    // 11
      '      - match: { channel: bok }',                // 12 cross-field in a later phase
      '        effect: { kind: freeze }',               // 13
    ].join('\n');
    const m = messages(text);
    expect([...new Set(m.map((l) => l.split(': ').slice(0, 2).join(': ')))]).toEqual([
      'x.yaml:4:15: timeline.0.duration',
      'x.yaml:7:25: timeline.0.faults.0.effect.kind',
      'x.yaml:8:25: timeline.0.faults.1.match.route',
      'x.yaml:12:27: timeline.1.faults.0.match.channel',
    ]);
    expect(m.join('\n')).toContain('"Tickr" matches no Kraken method (did you mean "Ticker"?)');
  });

  it('no spurious cross-field errors from the broken parts: an unusable account or pair list silences the checks that need it', () => {
    const text = [
      'name: x',                                        // 1
      'market: { pairs: { XBT/USD: 5 } }',              // 2 structural: settings must be an object
      'accounts: [{ name: "my bot" }]',                 // 3 structural: bad name
      'timeline:',                                      // 4
      '  - name: p',                                    // 5
      '    faults:',                                    // 6
      '      - match: { account: my bot, pair: XBT/USD, route: AddOrdr }', // 7 only the route is judged
      '        effect: { kind: hang }',                 // 8
    ].join('\n');
    const m = messages(text);
    expect(m).toHaveLength(3);
    expect(m[0]).toMatch(/^x\.yaml:2:29: market\.pairs\.XBT\/USD: /);
    expect(m[1]).toMatch(/^x\.yaml:3:20: accounts\.0\.name: /);
    expect(m[2]).toMatch(/^x\.yaml:7:57: timeline\.0\.faults\.0\.match\.route: "AddOrdr" matches no Kraken method/);
  });

  it('scenario objects get both kinds of problem at once too', async () => {
    const err = await loadScenario({
      name: 'o',
      timeline: [{ name: 'p', orders: { new: 'hold' as 'queue' }, faults: [{ match: { route: 'AddOrdr' }, effect: { kind: 'hang' } }] }],
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ScenarioError);
    const lines = (err as ScenarioError).message;
    expect(lines).toContain('<object>:0:0: timeline.0.orders.new: ');
    expect(lines).toContain('<object>:0:0: timeline.0.faults.0.match.route: "AddOrdr" matches no Kraken method');
  });
});
