import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { builtinNames, scenariosDir } from '../src/scenario/builtin.js';
import { SCENARIO_SCHEMA_ID, scenarioJsonSchema } from '../src/scenario/json-schema.js';

/** The schema compiled as the README tells ajv users to: draft 2020-12, with formats, every error. */
function validator(): ReturnType<Ajv2020['compile']> {
  const ajv = new Ajv2020({ allErrors: true });
  addFormats.default(ajv);
  return ajv.compile(scenarioJsonSchema());
}

const withFault = (effect: string): unknown => parse(`name: x\ntimeline:\n  - name: p\n    faults:\n      - effect: ${effect}\n`);

describe('the JSON Schema with ajv', () => {
  it('names its draft (2020-12) and its $id, and keeps shared parts in $defs', () => {
    const schema = scenarioJsonSchema() as Record<string, any>;
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toBe(SCENARIO_SCHEMA_ID);
    expect(Object.keys(schema.$defs)).toEqual(expect.arrayContaining(['duration', 'faultRule', 'phase']));
    expect(JSON.stringify(schema)).toContain('"$ref":"#/$defs/duration"');
  });

  it.each(builtinNames())('built-in scenario %s is valid', (name) => {
    const validate = validator();
    const data = parse(readFileSync(join(scenariosDir(), `${name}.yaml`), 'utf8')) as unknown;
    expect(validate(data), JSON.stringify(validate.errors)).toBe(true);
  });

  it('one misspelt fault kind is one error, on `kind`, listing the kinds', () => {
    const validate = validator();
    expect(validate(withFault('{ kind: latancy, fixed: 1s }'))).toBe(false);
    expect(validate.errors).toHaveLength(1);
    expect(validate.errors![0]).toMatchObject({ instancePath: '/timeline/0/faults/0/effect/kind', keyword: 'enum' });
    expect((validate.errors![0]!.params as { allowedValues: string[] }).allowedValues).toContain('latency');
  });

  it("a known kind is checked against that kind's own options only", () => {
    const validate = validator();
    expect(validate(withFault('{ kind: status, status: 502 }'))).toBe(true);
    expect(validate(withFault('{ kind: status, statuz: 502 }'))).toBe(false);
    expect(validate.errors!.map((e) => e.keyword).sort()).toEqual(['additionalProperties', 'if', 'required']);
  });

  it('a bad duration is a pattern error', () => {
    const validate = validator();
    expect(validate(parse('name: x\ntimeline:\n  - name: p\n    duration: 10 min\n'))).toBe(false);
    expect(validate.errors).toEqual([expect.objectContaining({ instancePath: '/timeline/0/duration', keyword: 'pattern' })]);
    expect(validate(parse('name: x\ntimeline:\n  - name: p\n    duration: 0m\n'))).toBe(false);
    expect(validate.errors).toEqual([expect.objectContaining({ instancePath: '/timeline/0/duration', keyword: 'not' })]);
    expect(validate(parse('name: x\ntimeline:\n  - name: p\n    duration: 0.5s\n'))).toBe(true);
  });
});
