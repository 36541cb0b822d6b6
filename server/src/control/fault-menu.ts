import * as z from 'zod';
import { effectSchema, wsEventsOf, type Effect } from '../faults/kinds/index.js';

/** One option of a fault kind, as a form field: enum values become a choice, the rest text or numbers. */
export interface FaultField {
  name: string;
  type: 'string' | 'number' | 'integer' | 'boolean' | 'enum' | 'other';
  values?: string[];
  required: boolean;
  description?: string;
}

/** A built-in fault kind for the dashboard's injection menu: which traffic it acts on and its options. */
export interface FaultKindView {
  kind: string;
  transport: 'rest' | 'ws';
  fields: FaultField[];
}

interface PropertySchema {
  type?: string;
  enum?: unknown[];
  description?: string;
  $ref?: string;
}

/** A property with a shared part (`$ref: "#/$defs/duration"`) read through to that part; its own keys (description) win. */
function resolved(p: PropertySchema, defs: Record<string, PropertySchema>): PropertySchema {
  const name = p.$ref?.startsWith('#/$defs/') ? p.$ref.slice('#/$defs/'.length) : undefined;
  const shared = name !== undefined && Object.hasOwn(defs, name) ? resolved(defs[name]!, defs) : {};
  return { ...shared, ...p };
}

function fieldOf(name: string, p: PropertySchema, required: boolean): FaultField {
  const base = { name, required, ...(p.description ? { description: p.description } : {}) };
  if (Array.isArray(p.enum)) return { ...base, type: 'enum', values: p.enum.map(String) };
  const type = p.type === 'string' || p.type === 'number' || p.type === 'integer' || p.type === 'boolean' ? p.type : 'other';
  return { ...base, type };
}

/** Every built-in fault kind with its options, from the same zod schemas that validate scenarios (so the menu cannot drift from them). */
export function faultMenu(): FaultKindView[] {
  return effectSchema.options.map((option) => {
    const json = z.toJSONSchema(option, { io: 'input', unrepresentable: 'any' }) as {
      properties: Record<string, PropertySchema>; required?: string[]; $defs?: Record<string, PropertySchema>;
    };
    const kind = option.shape.kind.value;
    const fields = Object.entries(json.properties)
      .filter(([name]) => name !== 'kind')
      .map(([name, p]) => fieldOf(name, resolved(p, json.$defs ?? {}), json.required?.includes(name) ?? false));
    return { kind, transport: wsEventsOf({ kind } as Effect) === undefined ? 'rest' : 'ws', fields };
  });
}
