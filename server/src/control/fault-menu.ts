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
    const json = z.toJSONSchema(option, { io: 'input', unrepresentable: 'any' }) as { properties: Record<string, PropertySchema>; required?: string[] };
    const kind = option.shape.kind.value;
    const fields = Object.entries(json.properties)
      .filter(([name]) => name !== 'kind')
      .map(([name, p]) => fieldOf(name, p, json.required?.includes(name) ?? false));
    return { kind, transport: wsEventsOf({ kind } as Effect) === undefined ? 'rest' : 'ws', fields };
  });
}
