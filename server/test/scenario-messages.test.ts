import { describe, expect, it } from 'vitest';
import { formatIssue, parseScenario } from '../src/scenario/load.js';

const messages = (text: string): string[] => {
  const r = parseScenario(text, 'x.yaml');
  if (r.ok) throw new Error('expected issues');
  return r.issues.map(formatIssue);
};
const phase = (...lines: string[]): string => ['name: x', 'timeline:', '  - name: p', ...lines.map((l) => `    ${l}`)].join('\n');

describe('scenario messages: one line, the path, what was expected in words, a did-you-mean', () => {
  it('a misspelt fault kind is an unknown kind with the close one, not zod\'s list of 20 discriminator values', () => {
    expect(messages(phase('faults:', '  - effect: { kind: latancy, fixed: 1s }'))).toEqual([
      'x.yaml:5:25: timeline.0.faults.0.effect.kind: unknown fault kind "latancy" (did you mean "latency"?)',
    ]);
  });

  it('a fault kind nothing is close to lists the kinds; a missing one says a fault needs one', () => {
    const [far] = messages(phase('faults:', '  - effect: { kind: explode }'));
    expect(far).toMatch(/^x\.yaml:5:25: timeline\.0\.faults\.0\.effect\.kind: unknown fault kind "explode" \(kinds: status, error, latency, .*, expire-token\)$/);
    const [missing] = messages(phase('faults:', '  - effect: { fixed: 1s }'));
    expect(missing).toMatch(/^x\.yaml:5:\d+: timeline\.0\.faults\.0\.effect\.kind: a fault needs a kind \(kinds: status, error, /);
  });

  it('a misspelt mode gets the close one, and not a second "or expected object"', () => {
    expect(messages(phase('mode: maintanance'))).toEqual([
      'x.yaml:4:11: timeline.0.mode: expected one of "online", "maintenance", "cancel_only", "post_only", "limit_only", found "maintanance" (did you mean "maintenance"?)',
    ]);
    expect(messages(phase('mode: { global: maintanance }'))[0]).toMatch(/timeline\.0\.mode\.global: expected one of .*, found "maintanance" \(did you mean "maintenance"\?\)$/);
  });

  it('`duration: 10 min` is one error saying what a duration looks like', () => {
    expect(messages(phase('duration: 10 min'))).toEqual([
      'x.yaml:4:15: timeline.0.duration: expected a duration: a number and a unit (ms, s, m, h or d) such as "800ms", "90s", "10m" or "1h30m", found "10 min"',
    ]);
  });

  it('`watchStatus: {every: 2}` says what `every` takes; `watchStatus: false` says what watchStatus takes', () => {
    expect(messages('name: x\nexpect:\n  watchStatus: {every: 2}\n')).toEqual([
      'x.yaml:3:24: expect.watchStatus.every: expected a duration: a number and a unit (ms, s, m, h or d) such as "800ms", "90s", "10m" or "1h30m", found number 2',
    ]);
    expect(messages('name: x\nexpect:\n  watchStatus: false\n')).toEqual([
      'x.yaml:3:16: expect.watchStatus: expected true or an object with every, found false',
    ]);
  });

  it('other unions and enums say what they accept in words', () => {
    expect(messages('name: x\nseed: [1]\naccounts: [{ name: a, tier: intermediat }]\nrateLimits: { rest: 5 }\n')).toEqual([
      'x.yaml:2:7: seed: expected a whole number or a string, found array',
      'x.yaml:3:29: accounts.0.tier: expected one of "starter", "intermediate", "pro", found "intermediat" (did you mean "intermediate"?)',
      'x.yaml:4:21: rateLimits.rest: expected true, false or an object with max, decay, found number 5',
    ]);
    expect(messages(phase('status: { announce: 3 }'))).toEqual([
      'x.yaml:4:25: timeline.0.status.announce: expected a duration such as "10m" or false, found number 3',
    ]);
  });

  it('numbers out of range say the bound and what was found', () => {
    expect(messages('name: x\naccounts: [{ name: a, feeTier: 12 }]\n')).toEqual([
      'x.yaml:2:32: accounts.0.feeTier: expected a number at most 9, found 12',
    ]);
  });
});
