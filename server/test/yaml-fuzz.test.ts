import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it, vi } from 'vitest';
import { builtinNames, scenariosDir } from '../src/scenario/builtin.js';
import { formatIssue, MAX_ALIAS_COUNT, parseScenario, type LoadResult } from '../src/scenario/load.js';
import { scenarioSchema } from '../src/scenario/schema.js';
import { keysAt } from '../src/scenario/suggest.js';
import { fuzzRuns, fuzzTimeout } from './fuzz-scale.js';

const BUILTIN = new Map(builtinNames().map((name) => [name, readFileSync(join(scenariosDir(), `${name}.yaml`), 'utf8')]));

/**
 * What every load must give, whatever the text: no exception; a scenario, or issues each in this
 * file at a real position (line 1.. within the text, column 1.. within that line, lines split at
 * "\n" as the yaml package counts them) with a message that does not contradict itself.
 */
function loadChecked(text: string): LoadResult {
  const r = parseScenario(text, 'fuzz.yaml');
  if (r.ok) return r;
  expect(r.issues.length).toBeGreaterThan(0);
  const lines = text.split('\n');
  for (const i of r.issues) {
    expect(i.file).toBe('fuzz.yaml');
    expect(i.line >= 1 && i.line <= lines.length, `line ${i.line} of ${lines.length}: ${i.message}`).toBe(true);
    expect(i.col >= 1 && i.col <= lines[i.line - 1]!.length + 1, `col ${i.col} of line ${i.line}: ${i.message}`).toBe(true);
    expect(i.message).toMatch(/\S/);
    expect(i.message).not.toMatch(/\[object Object\]|expected (\w+), found \1\b/);
    // One line, in words: none of zod's own phrasing.
    expect(i.message).not.toMatch(/\n|Invalid discriminator|Invalid input|Too (big|small):|Invalid option/);
  }
  return r;
}

/** Scalars a scenario might hold, right and wrong: durations, modes, kinds, routes, pairs, numbers at the edges. */
const scalar = fc.oneof(
  fc.constantFrom('1s', '800ms', '2m', '1h30m', '0s', '-1s', '5 minutes', '1e309ms', '999999999h', 'soon', ''),
  fc.constantFrom('online', 'maintenance', 'cancel_only', 'post_only', 'limit_only', 'status', 'error', 'hang', 'latency', 'disconnect', 'freeze'),
  fc.constantFrom('AddOrder', 'private/*', 'Ticker', '*', 'XBT/USD', 'ETH/USD', 'XBT/FOO', 'USD', 'XBT', 'EService:Busy', 'book', 'add_order'),
  fc.constantFrom(0, -1, 0.5, 1, 2.5, 100, 1e21, Number.MAX_SAFE_INTEGER, -0, 1e-9, Infinity, -Infinity, NaN),
  fc.string({ maxLength: 12 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null),
);

/** A random object whose keys are the scenario format's own at each level (and sometimes not), with random values. */
function shaped(path: (string | number)[], depth: number): fc.Arbitrary<unknown> {
  const keys = keysAt(scenarioSchema, path);
  const leaf = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }), fc.dictionary(fc.constantFrom('USD', 'XBT', 'XBT/USD', 'bogus', 'toString', 'valueOf'), scalar, { maxKeys: 3 }));
  if (depth === 0) return leaf;
  if (keys.length === 0) {
    // A record of objects (market.pairs) has no keys of its own: its entries have.
    const entry = [...path, 'XBT/USD'];
    if (keysAt(scenarioSchema, entry).length === 0) return leaf;
    return fc.oneof(leaf, fc.dictionary(fc.constantFrom('XBT/USD', 'ETH/USD', 'XBT/FOO', 'nope'), shaped(entry, depth - 1), { maxKeys: 3 }));
  }
  const fields = Object.fromEntries([...keys, 'bogus'].map((k) => [k, fc.oneof(
    { weight: 3, arbitrary: shaped([...path, k], depth - 1) },
    { weight: 2, arbitrary: fc.array(shaped([...path, k, 0], depth - 1), { maxLength: 3 }) },
    { weight: 1, arbitrary: scalar },
  )]));
  return fc.record(fields, { requiredKeys: [] });
}

/** One edit to a scenario's text, at a line or offset chosen modulo its size. */
const mutation = fc.oneof(
  fc.record({ op: fc.constantFrom('delete', 'duplicate', 'tab', 'anchor', 'alias'), at: fc.nat() }),
  fc.record({ op: fc.constant('indent'), at: fc.nat(), by: fc.integer({ min: -4, max: 4 }) }),
  fc.record({ op: fc.constant('retype'), at: fc.nat(), value: fc.oneof(scalar.map((v) => JSON.stringify(v) ?? 'null'), fc.constantFrom('[', '{ a: 1 }', '{ toString: 1 }', '[1, 2]', '|', '>-', '*nope', '&x', '!!binary AAAA', '? a', '- x', ': :')) }),
  fc.record({ op: fc.constant('duration'), at: fc.nat(), value: fc.constantFrom('-1s', '1.5.2s', '5 minutes', '0', '1e309ms', '99999999999999h', '1h-30m', 'ms') }),
  fc.record({ op: fc.constant('insert'), at: fc.nat(), value: fc.string({ maxLength: 8 }) }),
  fc.record({ op: fc.constant('truncate'), at: fc.nat() }),
  fc.record({ op: fc.constant('repeat'), at: fc.nat(), times: fc.integer({ min: 2, max: 60 }) }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function mutate(text: string, m: Mutation): string {
  const lines = text.split('\n');
  const i = m.at % lines.length;
  const line = lines[i]!;
  const put = (...next: string[]): string => [...lines.slice(0, i), ...next, ...lines.slice(i + 1)].join('\n');
  switch (m.op) {
    case 'delete': return put();
    case 'duplicate': return put(line, line);
    case 'tab': return put(line.replace(/^ +/, '\t'));
    case 'indent': return put(m.by >= 0 ? ' '.repeat(m.by) + line : line.replace(new RegExp(`^ {0,${-m.by}}`), ''));
    case 'anchor': return put(line.replace(/: (?=\S)/, ': &a '));
    case 'alias': return put(line.replace(/: \S.*$/, ': *a'));
    case 'retype': return put(line.replace(/(: |- )(.*)$/, (_m, sep: string) => `${sep}${m.value}`));
    case 'duration': return put(line.replace(/\b\d+(ms|s|m|h)\b/, m.value));
    case 'insert': return text.slice(0, m.at % (text.length + 1)) + m.value + text.slice(m.at % (text.length + 1));
    case 'truncate': return text.slice(0, m.at % (text.length + 1));
    case 'repeat': return [...lines.slice(0, i), ...Array.from({ length: m.times }, () => lines.slice(i, i + 8)).flat(), ...lines.slice(i + 8)].join('\n');
  }
}

/** `levels` anchors, each a list of `width` aliases to the one before: width^levels values once expanded. */
function aliasBomb(levels: number, width: number): string {
  const rows = [`l0: &l0 [${Array(width).fill('"lol"').join(', ')}]`];
  for (let n = 1; n <= levels; n++) rows.push(`l${n}: &l${n} [${Array(width).fill(`*l${n - 1}`).join(', ')}]`);
  return rows.join('\n');
}

describe('YAML loader fuzzing: any text gives a scenario or positioned issues, never an exception', () => {
  it('every built-in scenario, unchanged, loads', () => {
    expect(BUILTIN.size).toBeGreaterThan(5);
    for (const [name, text] of BUILTIN) expect(loadChecked(text), name).toMatchObject({ ok: true, scenario: { name } });
  });

  it('random text and bytes', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('utf8')),
      fc.array(fc.constantFrom('name: x', 'timeline:', '  - name: p', '    faults:', '- ', ':', '&a', '*a', '{', '[', ']', '}', '"', "'", '#', '\t', '\r', '---', '...', '%YAML 1.2', '!!str', '? ', '|', '\ufeff', ' ', '\n'), { maxLength: 40 }).map((p) => p.join('')),
    );
    fc.assert(fc.property(text, (t) => void loadChecked(t)), { numRuns: fuzzRuns(150), seed: 5 });
  }, fuzzTimeout());

  it('random YAML documents shaped like scenarios, in random styles', () => {
    const style = fc.record({ indent: fc.integer({ min: 1, max: 4 }), collectionStyle: fc.constantFrom('any' as const, 'block' as const, 'flow' as const) });
    const doc = fc.oneof({ weight: 3, arbitrary: shaped([], 4) }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }) });
    fc.assert(fc.property(doc, style, (d, s) => void loadChecked(stringify(d, s))), { numRuns: fuzzRuns(100), seed: 6 });
  }, fuzzTimeout());

  it('a !!binary value (a Uint8Array) where a check\'s options go is an issue at its line, not an exception (salvage cannot cut inside its bytes)', () => {
    const r = loadChecked('name: t\ntimeline:\n  - name: a\nexpect:\n  backoff: !!binary AAAA\n  reconcile: true\n');
    expect(r.ok).toBe(false);
    expect(r.ok ? [] : r.issues.map((i) => i.line)).toContain(5);
  });

  it('mutations of the built-in scenarios: deleted, doubled, retyped and re-indented lines, tabs, bad durations, anchors, aliases, truncation, long repeats', () => {
    fc.assert(fc.property(fc.constantFrom(...BUILTIN.keys()), fc.array(mutation, { maxLength: 4 }), (name, edits) => {
      const r = loadChecked(edits.reduce(mutate, BUILTIN.get(name)!));
      if (edits.length === 0) expect(r.ok).toBe(true);
    }), { numRuns: fuzzRuns(150), seed: 7 });
  }, fuzzTimeout());

  it('alias bombs are refused at their first alias without being expanded; light reuse of anchors still loads', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 2, max: 12 }), fc.constantFrom('top', 'name', 'market', 'phase'), (levels, width, where) => {
      const bomb = aliasBomb(levels, width);
      const text = where === 'top' ? `name: x\n${bomb}`
        : where === 'name' ? `${bomb.replace(/^l0:/, 'name:')}`
        : where === 'market' ? `name: x\nmarket:\n${bomb.replace(/^/gm, '  ')}`
        : `name: x\ntimeline:\n  - name: p\n    faults:\n${bomb.replace(/^/gm, '      - ')}`;
      const r = loadChecked(text);
      // width^levels values: past a few thousand, no honest scenario reuses that much.
      if (width ** levels > 10 * MAX_ALIAS_COUNT * MAX_ALIAS_COUNT) {
        expect(r.ok).toBe(false);
        const bombIssue = !r.ok && r.issues.find((i) => i.message.startsWith('too many aliases'));
        expect(bombIssue && text.split('\n')[bombIssue.line - 1]!.slice(bombIssue.col - 1)).toMatch(/^\*l0\b/);
      }
    }), { numRuns: fuzzRuns(60), seed: 8 });
    const reuse = 'name: x\naccounts:\n  - { name: a, balances: &b { USD: "10", XBT: "1" } }\n  - { name: b, balances: *b }\n';
    expect(loadChecked(reuse)).toMatchObject({ ok: true, scenario: { accounts: [{ name: 'a' }, { name: 'b', balances: { USD: '10' } }] } });
  }, fuzzTimeout());
});

describe('YAML the loader threw on or placed wrongly (found by the fuzzing above)', () => {
  const issues = (text: string): string[] => {
    const r = loadChecked(text);
    return r.ok ? [] : r.issues.map(formatIssue);
  };

  it('an alias bomb ("billion laughs") is an issue at its first alias, not a ReferenceError thrown out of the loader', () => {
    expect(issues(`name: x\n${aliasBomb(9, 9)}`)).toEqual([
      `fuzz.yaml:3:10: too many aliases: expanding them takes more than ${MAX_ALIAS_COUNT} alias uses, as an alias bomb ("billion laughs") does; write the values out or reuse anchors less`,
    ]);
  });

  it('an alias with no anchor before it is an issue, not a ReferenceError', () => {
    expect(issues('name: *nope\n')).toEqual(['fuzz.yaml:1:7: alias *nope has no anchor &nope before it']);
    expect(issues('name: x\nseed: *late\ndescription: &late d\n')).toEqual(['fuzz.yaml:2:7: alias *late has no anchor &late before it']);
  });

  it("after a token yaml cannot parse, later issues keep their own line (yaml's LineCounter put them past the end of the line before)", () => {
    expect(issues('name: x\n}  a: true\n  b: true\n').slice(-2)).toEqual([
      'fuzz.yaml:3:4: Unexpected map-value-ind token in YAML stream: ":"',
      'fuzz.yaml:3:6: Unexpected scalar token in YAML stream: "true"',
    ]);
  });

  it('.inf and .nan where a number belongs say what was found, not "expected number, found number"', () => {
    expect(issues('name: x\nseed: .inf\n')).toEqual(['fuzz.yaml:2:7: seed: expected a whole number or a string, found Infinity']);
    expect(issues('name: x\nmarket: { pairs: { XBT/USD: { price: .nan } } }\n')).toEqual(['fuzz.yaml:2:38: market.pairs.XBT/USD.price: expected number, found NaN']);
  });

  it('a phase named { toString: 1 } is an issue, not a TypeError from String() in the open-ended phase check', () => {
    expect(issues('name: x\ntimeline:\n  - name: { toString: 1 }\n  - name: b\n')).toEqual([
      'fuzz.yaml:3:5: timeline.0.duration: this phase needs a duration: only the last phase may be open-ended',
      'fuzz.yaml:3:11: timeline.0.name: expected string, found object',
    ]);
  });

  it('a map used as a key is an unknown-key issue, and nothing is printed as a process warning', () => {
    const warn = vi.spyOn(process, 'emitWarning');
    try {
      expect(issues('? { a: 1 }\n: 2\nname: x\n')).toEqual([expect.stringMatching(/^fuzz\.yaml:1:1: unknown key "\{ a: 1 \}" \(expected one of: name, /)]);
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });
});
