import { readFile } from 'node:fs/promises';
import { isNode, parseDocument, visit, type Alias, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { scenarioSchema, type Scenario } from './schema.js';
import { keysAt, suggest } from './suggest.js';
import { expandTimeline, timelineProblems } from './timeline.js';
import { contradictions } from './checks.js';
import { WS_CHANNELS, WS_REQUESTS } from '../api/kraken/ws/names.js';
import { ROUTES } from '../api/kraken/rest/routes/index.js';

/** One problem in a scenario file, positioned (1-based line and column). */
export interface ScenarioIssue {
  file: string;
  line: number;
  col: number;
  path: string;
  message: string;
}

export type LoadResult = { ok: true; scenario: Scenario } | { ok: false; issues: ScenarioIssue[] };

/** `file:line:col: message`, the format every tool and editor understands. */
export const formatIssue = (i: ScenarioIssue): string => `${i.file}:${i.line}:${i.col}: ${i.path ? `${i.path}: ` : ''}${i.message}`;

/**
 * Parses and validates scenario YAML. Every problem is reported at once, each with its position
 * in the file; nothing is half-loaded: the result is either a whole Scenario or only issues.
 */
export function parseScenario(text: string, file = '<scenario>'): LoadResult {
  // logLevel 'error': what yaml would print as a warning (a map used as a key) is reported as an issue instead.
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, logLevel: 'error' });
  const at = positions(text);
  const issues: ScenarioIssue[] = [];
  for (const e of [...doc.errors, ...doc.warnings]) {
    const { line, col } = at(e.pos[0]);
    issues.push({ file, line, col, path: '', message: e.message.split('\n')[0] as string });
  }
  if (issues.length > 0) return { ok: false, issues };
  const plain = toData(doc);
  if ('problem' in plain) return { ok: false, issues: [{ file, ...at(plain.offset), path: '', message: plain.problem }] };
  const { data } = plain;
  const parsed = scenarioSchema.safeParse(data, { reportInput: true });
  if (parsed.success) {
    // What only the expanded timeline shows (an `at` that goes back in time), positioned at the timeline.
    const problems = crossFieldProblems(parsed.data);
    if (problems.length === 0) return { ok: true, scenario: parsed.data };
    return {
      ok: false,
      issues: problems.map(({ path, message, key }) => {
        const found = locate(doc, path);
        const { line, col } = at((key ? found.keyNode : found.node ?? found.keyNode)?.range?.[0] ?? 0);
        return { file, line, col, path: path.join('.'), message };
      }).sort((a, b) => a.line - b.line || a.col - b.col),
    };
  }
  for (const issue of parsed.error.issues) {
    const { node, keyNode } = locate(doc, issue.path);
    const target = issue.code === 'unrecognized_keys' ? keyFor(node, issue.keys[0]) ?? node
      : issue.code === 'invalid_key' ? keyNode ?? node
      : node ?? keyNode;
    const offset = target?.range?.[0] ?? 0;
    const { line, col } = at(offset);
    issues.push({ file, line, col, path: issue.path.map(String).join('.'), message: describe(issue, keysAt(scenarioSchema, issue.path)) });
  }
  issues.sort((a, b) => a.line - b.line || a.col - b.col);
  return { ok: false, issues };
}

/**
 * Problems only the whole, schema-valid scenario shows: phases whose `at` contradicts the phase
 * before, fault routes matching no Kraken method, unlisted pairs, unknown accounts. `key` marks
 * problems best shown at the key rather than the value.
 */
export function crossFieldProblems(s: Scenario): { path: (string | number)[]; message: string; key: boolean }[] {
  return timelineProblems(expandTimeline(s)).map((message) => ({ path: ['timeline'] as (string | number)[], message, key: true }))
    .concat(contradictions(s, ROUTES, { channels: WS_CHANNELS, requests: WS_REQUESTS }).map((c) => ({ ...c, key: false })));
}

/**
 * The 1-based line and column of an offset in `text`, lines split at "\n". (yaml's LineCounter
 * is not used: it misses the line breaks inside a token it could not parse, and then places
 * later problems past the end of their line.)
 */
function positions(text: string): (offset: number) => { line: number; col: number } {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    const o = Math.max(0, Math.min(offset, text.length));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: o - starts[lo]! + 1 };
  };
}

/**
 * How many aliases (`*name`) a scenario may expand, as yaml's `maxAliasCount`: each use of an
 * anchor counts once per alias inside what it names, so reuse is fine and an alias bomb ("billion
 * laughs": aliases of aliases, exponentially many values) is refused before it is expanded.
 */
export const MAX_ALIAS_COUNT = 100;

/**
 * The document as plain data, or the problem that stops it becoming data: yaml throws (rather
 * than reports) for an alias whose anchor is not defined before it and for expansions past
 * MAX_ALIAS_COUNT; both are positioned at the alias concerned (the first alias, for a bomb).
 */
function toData(doc: Document): { data: unknown } | { problem: string; offset: number } {
  try {
    return { data: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) ?? {} };
  } catch (err) {
    if (!(err instanceof ReferenceError)) throw err;
    const aliases: Alias[] = [];
    visit(doc, { Alias: (_key, node) => void aliases.push(node) });
    const unresolved = aliases.find((a) => !a.resolve(doc));
    const at = (unresolved ?? aliases[0])?.range?.[0] ?? 0;
    return unresolved
      ? { problem: `alias *${unresolved.source} has no anchor &${unresolved.source} before it`, offset: at }
      : { problem: `too many aliases: expanding them takes more than ${MAX_ALIAS_COUNT} alias uses, as an alias bomb ("billion laughs") does; write the values out or reuse anchors less`, offset: at };
  }
}

/** Reads and parses a scenario file. */
export async function loadScenarioFile(file: string): Promise<LoadResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    return { ok: false, issues: [{ file, line: 1, col: 1, path: '', message: `cannot read the file: ${(err as Error).message}` }] };
  }
  return parseScenario(text, file);
}

function locate(doc: Document, path: readonly PropertyKey[]): { node: Node | undefined; keyNode: Node | undefined } {
  let node: unknown = doc.contents;
  let keyNode: Node | undefined;
  for (const key of path) {
    if (!node || typeof node !== 'object' || !('items' in node)) break;
    const items = (node as { items: unknown[] }).items;
    if (typeof key === 'number') {
      const next = items[key];
      if (!isNode(next)) break;
      node = next;
    } else {
      const pair = items.find((p) => isNode((p as { key?: unknown }).key) && String(((p as { key: { value?: unknown } }).key).value) === String(key)) as
        | { key: Node; value: unknown }
        | undefined;
      if (!pair) break;
      keyNode = pair.key;
      node = isNode(pair.value) ? pair.value : pair.key;
    }
  }
  return { node: isNode(node) ? node : undefined, keyNode };
}

function keyFor(node: Node | undefined, key: string | undefined): Node | undefined {
  if (!node || key === undefined || !('items' in node)) return undefined;
  const pair = (node.items as { key?: unknown }[]).find((p) => isNode(p.key) && String((p.key as { value?: unknown }).value) === key);
  return pair?.key as Node | undefined;
}

/** What a value is, for "found …": its type, or the value itself for YAML's .inf and .nan (a number that is not one). */
function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  return typeof v;
}

function describe(issue: z.core.$ZodIssue, known: string[]): string {
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((k) => {
        const near = suggest(k, known);
        return `unknown key "${k}"${near ? ` (did you mean "${near}"?)` : known.length ? ` (expected one of: ${known.join(', ')})` : ''}`;
      }).join('; ');
    case 'invalid_type':
      return `expected ${issue.expected}${issue.input === undefined ? ', but it is missing' : `, found ${kindOf(issue.input)}`}`;
    case 'invalid_key':
      return issue.issues[0]?.message ?? issue.message;
    case 'invalid_union': {
      // One line saying what each accepted form wanted: "expected one of … or expected object, found string".
      const branches = issue.errors.map((b) => (b[0] ? describe(b[0], []) : '')).filter(Boolean);
      return branches.length ? [...new Set(branches)].join(' or ') : issue.message;
    }
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return issue.message;
  }
}
