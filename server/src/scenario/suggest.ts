import type { z } from 'zod';
import { schemasAt, unwrap, type SchemaNode } from './schema-walk.js';

/** Edit distance between two short strings (for did-you-mean suggestions). */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

/** The object keys a schema accepts at `path` (unwrapping optionals, defaults, arrays, records, unions). */
export function keysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  const nodes = schemasAt(schema as unknown as SchemaNode, path).flatMap(unwrap);
  return [...new Set(nodes.flatMap((n) => (n._zod.def.type === 'object' ? Object.keys(n._zod.def.shape) : [])))];
}

/** The closest known key to a misspelt one, if it is close enough to be a likely typo. */
export function suggest(unknown: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const d = distance(unknown, k);
    if (d < bestD) [best, bestD] = [k, d];
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(unknown.length / 3)) ? best : undefined;
}
