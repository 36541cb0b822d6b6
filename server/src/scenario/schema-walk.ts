/*
 * Walking a zod schema along a value's path, to find what the schema expects there (for
 * did-you-mean suggestions, for words in messages, and for taking broken parts out of a scenario).
 * zod's internal definitions are untyped here on purpose: only `def.type` and its few fields are read.
 */

/** A zod schema seen through its internal definition. */
export type SchemaNode = { _zod: { def: any; optin?: string } };

/** The schemas a value is checked against once wrappers (optional, default, pipe…) and union branches are looked through. */
export function unwrap(n: SchemaNode | undefined): SchemaNode[] {
  const def = n?._zod?.def;
  if (!def) return [];
  switch (def.type) {
    case 'optional': case 'default': case 'nullable': case 'prefault': case 'readonly': case 'catch':
      return unwrap(def.innerType);
    case 'pipe': return unwrap(def.in);
    case 'union': return def.options.flatMap(unwrap);
    default: return [n as SchemaNode];
  }
}

/** The wrapped schema itself, wrappers (optional, default…) removed but union branches kept together. */
export function core(n: SchemaNode): SchemaNode {
  const def = n._zod.def;
  switch (def.type) {
    case 'optional': case 'default': case 'nullable': case 'prefault': case 'readonly': case 'catch': return core(def.innerType);
    case 'pipe': return core(def.in);
    default: return n;
  }
}

/** How a value sits in its parent: it decides whether the value can be taken out without breaking the parent. */
export type Slot = 'optional-key' | 'required-key' | 'unknown-key' | 'record-entry' | 'item' | 'tuple-item';

/** One step down: the schemas that check the value at `key` of a value checked by `nodes`, and its slot. */
export function step(nodes: readonly SchemaNode[], key: PropertyKey): { nodes: SchemaNode[]; slot: Slot } {
  const next: SchemaNode[] = [];
  const slots = new Set<Slot>();
  for (const n of nodes.flatMap(unwrap)) {
    const def = n._zod.def;
    if (def.type === 'object') {
      // Own keys only: a YAML key such as `valueOf` must not find Object.prototype's.
      if (typeof key !== 'string' || !Object.hasOwn(def.shape, key)) continue;
      const field = def.shape[key] as SchemaNode;
      next.push(field);
      slots.add(field._zod.optin === 'optional' ? 'optional-key' : 'required-key');
    } else if (def.type === 'array' && typeof key === 'number') {
      next.push(def.element);
      slots.add('item');
    } else if (def.type === 'tuple' && typeof key === 'number') {
      if (def.items[key]) next.push(def.items[key]);
      slots.add('tuple-item');
    } else if (def.type === 'record') {
      next.push(def.valueType);
      slots.add('record-entry');
    }
  }
  const slot: Slot = slots.size === 0 ? 'unknown-key' : slots.has('required-key') ? 'required-key' : [...slots][0]!;
  return { nodes: next, slot };
}

/** The schemas that check the value at `path` (several where unions branch). */
export function schemasAt(schema: SchemaNode, path: readonly PropertyKey[]): SchemaNode[] {
  let nodes = [schema];
  for (const key of path) nodes = step(nodes, key).nodes;
  return nodes;
}
