import * as z from 'zod';
import { scenarioSchema } from './schema.js';
import { effectSchema } from '../faults/kinds/index.js';
import type { SchemaNode } from './schema-walk.js';
import { positiveDurationSchema } from './schema-common.js';

/** File name of the committed JSON Schema, beside the built-in scenarios. */
export const JSON_SCHEMA_FILE = 'scenario.schema.json';

/** The schema's `$id`: a name, not an address to fetch (ajv keys compiled schemas by it). */
export const SCENARIO_SCHEMA_ID = 'urn:chaos-exchange:scenario';

type Json = Record<string, unknown>;

/** Durations of zero ("0s", "0m0.0s"), which a phase length may not be. */
const ZERO_DURATION_PATTERN = '^\\s*(0+(\\.0+)?(ms|s|m|h|d))+\\s*$';

/**
 * A discriminated union as JSON Schema that picks the member by its key: an `enum` of the kinds on
 * `kind` (a typo is one error there), then one `if`/`then` per kind, so a known kind is checked
 * against its own member only (zod writes a `oneOf`, which reports every member's complaints).
 */
function byDiscriminator(zodSchema: SchemaNode, json: Json): void {
  const key = zodSchema._zod.def.discriminator as string;
  const members = (json.oneOf ?? json.anyOf) as Json[];
  const values = (zodSchema._zod.def.options as SchemaNode[]).map((o) => (o._zod.def.shape[key] as SchemaNode)._zod.def.values[0] as string);
  delete json.oneOf;
  delete json.anyOf;
  Object.assign(json, {
    type: 'object',
    required: [key],
    properties: { [key]: { enum: values } },
    allOf: members.map((then, i) => ({ if: { properties: { [key]: { const: values[i] } }, required: [key] }, then })),
  });
}

/**
 * The scenario format as JSON Schema (draft 2020-12), generated from the same zod schema that
 * validates at run time: durations carry their pattern, the shared parts (durations, pairs, phases,
 * fault rules…) are in `$defs`, named by their zod `id`.
 * Checks across fields (a route matching no method, an unlisted pair) are the loader's alone.
 */
export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(scenarioSchema, {
    io: 'input',
    unrepresentable: 'any',
    override: ({ zodSchema, jsonSchema }) => {
      if (zodSchema === (effectSchema as unknown)) byDiscriminator(zodSchema as unknown as SchemaNode, jsonSchema as Json);
      // A duration (by reference, so a bad one is one error) that is not all zeros.
      if (zodSchema === (positiveDurationSchema as unknown)) {
        delete jsonSchema.type;
        delete jsonSchema.pattern;
        jsonSchema.not = { pattern: ZERO_DURATION_PATTERN };
      }
    },
  }) as Json;
  const { $schema, ...rest } = schema;
  return { $schema, $id: SCENARIO_SCHEMA_ID, title: 'chaos-exchange scenario', ...rest };
}
