import * as z from 'zod';
import { scenarioSchema } from './schema.js';

/** File name of the committed JSON Schema, beside the built-in scenarios. */
export const JSON_SCHEMA_FILE = 'scenario.schema.json';

/**
 * The scenario format as JSON Schema, generated from the same zod schema that validates at run
 * time (checks zod cannot express, such as "a valid duration", are enforced by the loader only).
 */
export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return { ...schema, title: 'chaos-exchange scenario' };
}
