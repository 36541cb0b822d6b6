import type { z } from 'zod';

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
  let nodes: any[] = [schema];
  const unwrap = (n: any): any[] => {
    const def = n?._zod?.def ?? n?.def;
    if (!def) return [];
    switch (def.type) {
      case 'optional': case 'default': case 'nullable': case 'prefault': case 'readonly': case 'catch':
        return unwrap(def.innerType);
      case 'pipe': return unwrap(def.in);
      case 'union': return def.options.flatMap(unwrap);
      default: return [n];
    }
  };
  for (const key of path) {
    nodes = nodes.flatMap(unwrap).flatMap((n: any) => {
      const def = n._zod.def;
      if (def.type === 'object') return def.shape[key as string] ? [def.shape[key as string]] : [];
      if (def.type === 'array' && typeof key === 'number') return [def.element];
      if (def.type === 'record') return [def.valueType];
      return [];
    });
  }
  return [...new Set(nodes.flatMap(unwrap).flatMap((n: any) => (n._zod.def.type === 'object' ? Object.keys(n._zod.def.shape) : [])))];
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
