import { describe, expect, it } from 'vitest';
import { formatIssue, parseScenario } from '../src/scenario/load.js';
import { MAX_PHASE_FAULTS, MAX_PHASES } from '../src/scenario/timeline-schema.js';
import type { parseScenarioApart as ParseApart } from '../src/scenario/parse-apart.js';
import { packageRoot } from '../src/scenario/builtin.js';

const rule = (k: number): string => `{ name: r${k}, match: { route: Ticker }, effect: { kind: status, status: 502 } }`;

/** A looping timeline of `phases` one-second phases with `rules` fault rules each, as YAML. */
function timeline(phases: number, rules = 1): string {
  const lines = ['name: big', 'loop: true', 'timeline:'];
  for (let i = 0; i < phases; i++) lines.push(`  - { name: p${i}, duration: 1s, faults: [${Array.from({ length: rules }, (_, k) => rule(k)).join(', ')}] }`);
  return `${lines.join('\n')}\n`;
}

const issues = (text: string): string[] => {
  const r = parseScenario(text, 'x.yaml');
  return r.ok ? [] : r.issues.map(formatIssue);
};

describe('how big a scenario may be', () => {
  it(`a timeline expands to at most ${MAX_PHASES} phases, repeats included`, () => {
    expect(issues(timeline(MAX_PHASES))).toEqual([]);
    expect(issues(timeline(MAX_PHASES + 1))).toEqual([`x.yaml:4:3: timeline: a timeline has at most ${MAX_PHASES} phases once repeats are expanded; this one has ${MAX_PHASES + 1}`]);
    // A few lines that repeat a group 1000 times would otherwise expand to half a million phases.
    const bomb = ['name: bomb', 'timeline:', '  - name: flap', '    repeat: 1000', '    phases:', ...Array.from({ length: 500 }, (_, i) => `      - { name: f${i}, duration: 1s }`), '  - name: after', ''].join('\n');
    expect(issues(bomb)).toEqual([`x.yaml:3:3: timeline: a timeline has at most ${MAX_PHASES} phases once repeats are expanded; this one has 500001`]);
  });

  it(`a phase has at most ${MAX_PHASE_FAULTS} fault rules`, () => {
    expect(issues(timeline(1, MAX_PHASE_FAULTS))).toEqual([]);
    expect(issues(timeline(1, MAX_PHASE_FAULTS + 1))).toEqual([`x.yaml:4:39: timeline.0.faults: a phase has at most ${MAX_PHASE_FAULTS} fault rules`]);
  });
});

describe('parseScenarioApart (the compiled package, as the server runs it)', () => {
  // The worker thread runs compiled JavaScript: this test loads the package as built by the global set-up.
  const load = async (): Promise<typeof ParseApart> =>
    ((await import(`${packageRoot()}/dist/server/src/scenario/parse-apart.js`)) as { parseScenarioApart: typeof ParseApart }).parseScenarioApart;

  it('parses a long scenario in a worker thread: the same result as in place, while the event loop keeps turning', async () => {
    const parseScenarioApart = await load();
    const text = timeline(MAX_PHASES, 3);
    expect(text.length).toBeGreaterThan(500_000);
    let turns = 0;
    let turning = true;
    const turn = (): void => void (turning && (turns++, setImmediate(turn)));
    turn();
    const apart = await parseScenarioApart(text, 'big.yaml');
    turning = false;
    // An in-place parse holds the loop for the whole parse: not a single turn could happen.
    expect(turns).toBeGreaterThan(10);
    expect(apart).toEqual(parseScenario(text, 'big.yaml'));
  });

  it('a long scenario with problems: every issue, at its line, as in place', async () => {
    const parseScenarioApart = await load();
    const text = timeline(MAX_PHASES, 3).replace('p7, duration: 1s', 'p7, duration: 1 sec').replace('kind: status, status: 502 } }] }\n  - { name: p9', 'kind: latancy } }] }\n  - { name: p9');
    const apart = await parseScenarioApart(text, 'big.yaml');
    expect(apart.ok).toBe(false);
    expect(apart).toEqual(parseScenario(text, 'big.yaml'));
  });
});
