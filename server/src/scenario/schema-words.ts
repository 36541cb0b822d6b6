import * as z from 'zod';
import { core, type SchemaNode } from './schema-walk.js';

/**
 * Words for schemas whose zod type says too little in a message: `words` for what a value must
 * look like ("a duration: …"), `short` for the same inside a list of alternatives, `noun` for
 * what a discriminated union's members are ("fault", as in "unknown fault kind").
 */
export const schemaWords = z.registry<{ words?: string; short?: string; noun?: string }>();

/** A value as a message shows what was found: strings quoted (and cut at 40 characters), numbers with their type, containers by kind. */
export function found(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isFinite(v) ? `number ${v}` : String(v);
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'object') return 'object';
  return String(v);
}

/** What a schema accepts, in words ("a whole number or a string", "true or an object with every"). */
export function wordsFor(n: SchemaNode): string {
  return alternatives(formsOf(n, false));
}

/** The forms a schema accepts, each in words (a union's members, a boolean's two values). */
function formsOf(n: SchemaNode, short: boolean): string[] {
  const meta = schemaWords.get(n as unknown as z.ZodType) ?? schemaWords.get(core(n) as unknown as z.ZodType);
  if (meta?.words) return [short ? meta.short ?? meta.words : meta.words];
  const def = core(n)._zod.def;
  switch (def.type) {
    case 'union': return (def.options as SchemaNode[]).flatMap((o) => formsOf(o, true));
    case 'literal': return (def.values as unknown[]).map((v) => JSON.stringify(v));
    case 'boolean': return ['true', 'false'];
    case 'enum': return [`one of ${Object.values(def.entries as Record<string, unknown>).map((v) => JSON.stringify(v)).join(', ')}`];
    case 'number': {
      const whole = ((def.checks ?? []) as SchemaNode[]).some((c) => String(c._zod.def.format ?? '').includes('int'));
      return [whole ? 'a whole number' : 'a number'];
    }
    case 'string': return ['a string'];
    case 'object': return [`an object with ${Object.keys(def.shape).join(', ')}`];
    case 'record': return ['an object'];
    case 'array': case 'tuple': return ['a list'];
    default: return [String(def.type)];
  }
}

/** "a, b or c". */
function alternatives(list: string[]): string {
  const unique = [...new Set(list)];
  return unique.length <= 1 ? unique.join('') : `${unique.slice(0, -1).join(', ')} or ${unique[unique.length - 1]}`;
}
