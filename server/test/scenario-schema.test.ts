import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinNames, scenariosDir } from '../src/scenario/builtin.js';
import { JSON_SCHEMA_FILE, scenarioJsonSchema } from '../src/scenario/json-schema.js';

describe('the published JSON Schema', () => {
  it('is committed exactly as generated from the zod schema (regenerate with `npm run schema`)', () => {
    const committed = JSON.parse(readFileSync(join(scenariosDir(), JSON_SCHEMA_FILE), 'utf8')) as unknown;
    expect(committed).toEqual(scenarioJsonSchema());
  });

  it('describes the format: required name, timeline phases, fault effects by kind', () => {
    const schema = scenarioJsonSchema() as any;
    expect(schema.required).toEqual(['name']);
    expect(schema.additionalProperties).toBe(false);
    const phase = schema.properties.timeline.items;
    expect(Object.keys(phase.properties)).toEqual(expect.arrayContaining(['name', 'duration', 'mode', 'faults', 'orders', 'events', 'repeat', 'phases']));
    expect(phase.properties.faults.items.$ref).toBe('#/$defs/faultRule');
    expect(schema.$defs.faultRule.properties.effect.$ref).toBe('#/$defs/faultEffect');
    const effect = schema.$defs.faultEffect;
    expect(effect.allOf.map((o: any) => o.if.properties.kind.const)).toEqual(effect.properties.kind.enum);
    const kinds = effect.allOf.map((o: any) => o.then.properties.kind.const).sort();
    expect(kinds).toEqual([
      'ambiguous', 'corrupt-checksum', 'delay-message', 'disconnect', 'dribble', 'drop-message', 'duplicate-message', 'empty', 'error',
      'expire-token', 'freeze', 'hang', 'latency', 'refuse', 'reject-request', 'reorder-message', 'reset', 'stall', 'status', 'truncate',
    ]);
  });

  it.each(builtinNames())('built-in scenario %s points editors at the schema', (name) => {
    const first = readFileSync(join(scenariosDir(), `${name}.yaml`), 'utf8').split('\n')[0];
    expect(first).toBe(`# yaml-language-server: $schema=./${JSON_SCHEMA_FILE}`);
  });
});
