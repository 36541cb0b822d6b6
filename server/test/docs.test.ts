import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { effectSchema } from '../src/faults/kinds/index.js';
import { packageRoot } from '../src/scenario/builtin.js';
import { formatIssue, parseScenario } from '../src/scenario/load.js';
import { scenarioSchema } from '../src/scenario/schema.js';
import { phaseSchema } from '../src/scenario/timeline-schema.js';

// docs/scenarios.md is checked against the schema it documents, so it cannot drift silently.

const doc = readFileSync(join(packageRoot(), 'docs', 'scenarios.md'), 'utf8');
const fences = [...doc.matchAll(/^```([^\n]*)\n([\s\S]*?)^```$/gm)].map((m) => ({ info: m[1] as string, text: m[2] as string, at: m.index }));
const yamlBlocks = fences.filter((f) => f.info === 'yaml');

/** Whether the doc names `word` as code: `word` (or `'word'` for values that must be quoted in YAML). */
const mentions = (word: string): boolean => doc.includes(`\`${word}\``) || doc.includes(`\`'${word}'\``);

/** The first fenced block after an HTML comment marker such as `<!-- validate-output -->`. */
function blockAfter(marker: RegExp): { info: string; text: string; arg: string } {
  const m = marker.exec(doc);
  if (!m) throw new Error(`docs/scenarios.md has no ${marker.source} marker`);
  const block = fences.find((f) => f.at > m.index);
  if (!block) throw new Error(`no fenced block after ${marker.source}`);
  return { ...block, arg: m[1] ?? '' };
}

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
  valueType?: z.ZodType;
  items?: z.ZodType[];
  in?: z.ZodType;
  entries?: Record<string, string>;
  values?: unknown[];
}

/** Every object key and every enum or literal value anywhere in a zod schema (records: their values only). */
function vocabulary(schema: z.ZodType, out = { keys: new Set<string>(), values: new Set<string>() }): typeof out {
  const def = (schema as unknown as { _zod: { def: Def } })._zod.def;
  const inner = [def.innerType, def.element, def.valueType, def.in, ...(def.options ?? []), ...(def.items ?? [])];
  for (const [key, value] of Object.entries(def.shape ?? {})) {
    out.keys.add(key);
    inner.push(value);
  }
  if (def.type === 'enum') for (const v of Object.values(def.entries ?? {})) out.values.add(String(v));
  if (def.type === 'literal') for (const v of def.values ?? []) out.values.add(String(v));
  for (const s of inner) if (s) vocabulary(s, out);
  return out;
}

describe('docs/scenarios.md', () => {
  it('every YAML example is a valid scenario', () => {
    expect(yamlBlocks.length).toBeGreaterThan(15);
    for (const { text } of yamlBlocks) {
      const r = parseScenario(text, 'docs/scenarios.md');
      expect(r.ok ? [] : r.issues.map(formatIssue), text).toEqual([]);
    }
  });

  it('mentions every fault kind', () => {
    const kinds = effectSchema.options.map((o) => o.shape.kind.value);
    expect(kinds).toContain('ambiguous');
    for (const kind of kinds) {
      expect(mentions(kind), kind).toBe(true);
      expect(doc, kind).toContain(`#### \`${kind}\``);
    }
  });

  it('mentions every top-level key and every phase key', () => {
    const keys = [...Object.keys(scenarioSchema.shape), ...Object.keys(phaseSchema.shape)];
    expect(keys).toEqual(expect.arrayContaining(['timeline', 'loop', 'rateLimits', 'events', 'funding']));
    for (const key of keys) expect(mentions(key), key).toBe(true);
  });

  it('mentions every key and every enumerated value anywhere in the format', () => {
    const { keys, values } = vocabulary(scenarioSchema);
    expect([...keys]).toEqual(expect.arrayContaining(['repeat', 'phases', 'fiatDelay', 'backlog', 'chunkBytes', 'retryAfter', 'withdrawKeys']));
    expect([...values]).toEqual(expect.arrayContaining(['cancel_only', 'queue', 'empty-result', 'timeout']));
    for (const key of keys) expect(mentions(key), `key ${key}`).toBe(true);
    for (const value of values) expect(mentions(value), `value ${value}`).toBe(true);
  });

  it("the tutorial's validate output is what the loader reports for the broken file", () => {
    const input = blockAfter(/<!-- validate-input: (\S+) -->/);
    const output = blockAfter(/<!-- validate-output -->/);
    const r = parseScenario(input.text, input.arg);
    expect(r.ok).toBe(false);
    const lines = output.text.trimEnd().split('\n');
    expect(lines[0]).toMatch(new RegExp(`^\\$ .*chaos-exchange.* validate ${input.arg}$`));
    expect(lines.slice(1)).toEqual(r.ok ? [] : r.issues.map(formatIssue));
  });
});
