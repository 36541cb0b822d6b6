import type { z } from 'zod';
import { scenarioSchema, type Scenario } from './schema.js';
import { step, type SchemaNode, type Slot } from './schema-walk.js';

type Path = (string | number)[];

/** Which cross-field checks still tell the truth once broken parts are taken out (see `salvage`). */
export interface Trust {
  /** Phase starts and lengths are as written (no phase, `duration`, `at` or `repeat` was taken out or stood in for). */
  timing: boolean;
  /** `market.pairs` lists what the author listed. */
  pairs: boolean;
  /** Every account's name and key are there. */
  accounts: boolean;
}

/** What is left of a scenario that failed validation, to check across fields; paths map back to the file's. */
export interface Salvaged {
  scenario: Scenario;
  trust: Trust;
  /** The path in the data as written of a path in `scenario` (list items taken out shift the indices). */
  original(path: readonly (string | number)[]): Path;
}

/** Enough rounds for the checks that only run once the parts they need are whole (object refinements, then the timeline's). */
const MAX_ROUNDS = 6;

/** Stand-ins for a phase's `duration` and any required `name`: the phase (and its faults) is still checked. */
const STAND_INS: Record<string, string> = { duration: '1s', name: 'unnamed' };

type Cut = { do: 'delete' | 'remove'; path: Path } | { do: 'set'; path: Path; value: string };

/**
 * The data with every part zod refused taken out — the deepest optional key holding the problem
 * deleted, or the list item holding it removed (a fault rule with an unknown kind, a phase with no
 * name), a phase's broken or missing `duration` replaced by a stand-in — and validated again until
 * it passes. Undefined when the document cannot be made whole (it is not an object, say). Cross-field
 * checks then run on what is left, so one pass reports everything; `trust` says which of them the
 * removals would make report things that are not there.
 */
export function salvage(data: unknown, issues: readonly z.core.$ZodIssue[]): Salvaged | undefined {
  let current: unknown;
  try {
    current = structuredClone(data);
  } catch {
    return undefined;
  }
  const rounds: Map<string, number[]>[] = [];
  const cutPaths: Path[] = [];
  const stoodIn = new Set<string>();
  let pending = issues;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const cuts: Cut[] = [];
    for (const issue of pending) {
      for (const target of targetsOf(issue)) {
        const cut = cutFor(current, target, stoodIn);
        if (!cut) return undefined;
        cuts.push(cut);
      }
    }
    for (const c of cuts) if (c.do === 'set') stoodIn.add(JSON.stringify(c.path));
    rounds.push(apply(current, cuts));
    cutPaths.push(...cuts.map((c) => c.path));
    const parsed = scenarioSchema.safeParse(current);
    if (parsed.success) {
      return { scenario: parsed.data, trust: trustAfter(cutPaths), original: (path) => toOriginal([...path], rounds) };
    }
    pending = parsed.error.issues;
  }
  return undefined;
}

/** The paths an issue is about: each unknown key by itself, else the issue's own path. */
function targetsOf(issue: z.core.$ZodIssue): Path[] {
  const path = issue.path as Path;
  return issue.code === 'unrecognized_keys' ? issue.keys.map((k) => [...path, k]) : [path];
}

/**
 * How to take out the value at `path`: the deepest part holding it that its parent can do without.
 * A stand-in that did not help (the key itself is the problem) is deleted the next time.
 */
function cutFor(data: unknown, path: Path, stoodIn: ReadonlySet<string>): Cut | undefined {
  const slots: Slot[] = [];
  let nodes = [scenarioSchema as unknown as SchemaNode];
  for (const key of path) {
    const next = step(nodes, key);
    slots.push(next.slot);
    nodes = next.nodes;
  }
  for (let i = path.length; i >= 1; i--) {
    const at = path.slice(0, i);
    const key = at[i - 1]!;
    const there = has(data, at);
    const standIn = typeof key === 'string' && !stoodIn.has(JSON.stringify(at)) ? STAND_INS[key] : undefined;
    if (standIn !== undefined && (key === 'name' ? slots[i - 1] === 'required-key' : isPhase(at.slice(0, -1)))) return { do: 'set', path: at, value: standIn };
    if (!there) continue;
    const slot = slots[i - 1];
    if (slot === 'optional-key' || slot === 'unknown-key' || slot === 'record-entry') return { do: 'delete', path: at };
    if (slot === 'item') return { do: 'remove', path: at };
  }
  return undefined;
}

/** Whether a path names a timeline entry or a phase nested in a repeated group. */
function isPhase(p: Path): boolean {
  return p[0] === 'timeline' && (p.length === 2 || (p.length === 4 && p[2] === 'phases'));
}

function has(data: unknown, path: Path): boolean {
  let v = data;
  for (const key of path) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, key)) return false;
    v = (v as Record<string | number, unknown>)[key];
  }
  return true;
}

function parentOf(data: unknown, path: Path): Record<string | number, unknown> | undefined {
  let v = data;
  for (const key of path.slice(0, -1)) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[key];
  }
  // A YAML `!!binary` value is a Uint8Array: its bytes cannot be deleted or set apart, so it is no parent to cut in.
  return v !== null && typeof v === 'object' && !ArrayBuffer.isView(v) ? (v as Record<string | number, unknown>) : undefined;
}

/**
 * Makes the cuts (all given in the round's coordinates): deletions and stand-ins first, then list
 * items, deepest lists first and highest index first, so no cut moves another. Returns the items
 * removed, by list path, in ascending order.
 */
function apply(data: unknown, cuts: readonly Cut[]): Map<string, number[]> {
  for (const c of cuts) {
    const parent = parentOf(data, c.path);
    const key = c.path[c.path.length - 1]!;
    if (!parent) continue;
    if (c.do === 'set') parent[key] = c.value;
    else if (c.do === 'delete') delete parent[key];
  }
  const removed = new Map<string, { list: Path; indices: Set<number> }>();
  for (const c of cuts) {
    if (c.do !== 'remove') continue;
    const list = c.path.slice(0, -1);
    const id = JSON.stringify(list);
    const entry = removed.get(id) ?? { list, indices: new Set<number>() };
    entry.indices.add(c.path[c.path.length - 1] as number);
    removed.set(id, entry);
  }
  const lists = [...removed.values()].sort((a, b) => b.list.length - a.list.length);
  for (const { list, indices } of lists) {
    const arr = parentOf(data, [...list, 0]);
    if (!Array.isArray(arr)) continue;
    for (const i of [...indices].sort((a, b) => b - a)) arr.splice(i, 1);
  }
  return new Map(lists.map(({ list, indices }) => [JSON.stringify(list), [...indices].sort((a, b) => a - b)]));
}

/** Maps a path after every round back to the data as written, undoing the rounds' removals last to first. */
function toOriginal(path: Path, rounds: readonly Map<string, number[]>[]): Path {
  let p = path;
  for (let r = rounds.length - 1; r >= 0; r--) {
    const out: Path = [];
    for (const seg of p) {
      const removed = typeof seg === 'number' ? rounds[r]!.get(JSON.stringify(out)) : undefined;
      let index = seg;
      if (typeof index === 'number') for (const x of removed ?? []) if (x <= index) index++;
      out.push(index);
    }
    p = out;
  }
  return p;
}

function trustAfter(cuts: readonly Path[]): Trust {
  const timingKey = (p: Path): boolean => isPhase(p.slice(0, -1)) && ['duration', 'at', 'repeat', 'phases'].includes(String(p[p.length - 1]));
  return {
    timing: !cuts.some((p) => p[0] === 'timeline' && (p.length === 1 || isPhase(p) || timingKey(p))),
    pairs: !cuts.some((p) => p[0] === 'market' && p.length <= 3),
    accounts: !cuts.some((p) => p[0] === 'accounts' && (p.length <= 2 || (p.length === 3 && (p[2] === 'name' || p[2] === 'key')))),
  };
}
