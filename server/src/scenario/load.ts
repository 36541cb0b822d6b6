import { readFile } from 'node:fs/promises';
import { isNode, parseDocument, visit, type Alias, type Document, type Node } from 'yaml';
import type { Scenario } from './schema.js';
import { validateScenario } from './validate.js';
import type { DialectName } from '../api/dialects.js';

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
 * Parses and validates scenario YAML. Every problem is reported at once (structural and
 * cross-field together), each with its position in the file; nothing is half-loaded: the result
 * is either a whole Scenario or only issues.
 */
export function parseScenario(text: string, file = '<scenario>', exchange?: DialectName): LoadResult {
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
  const result = validateScenario(plain.data, exchange);
  if (result.ok) return result;
  return {
    ok: false,
    issues: result.problems.map((p) => {
      const { node, keyNode } = locate(doc, p.path);
      const target = p.unknownKey !== undefined ? keyFor(node, p.unknownKey) ?? node : p.at === 'key' ? keyNode ?? node : node ?? keyNode;
      return { file, ...at(target?.range?.[0] ?? 0), path: p.path.map(String).join('.'), message: p.message };
    }).sort((a, b) => a.line - b.line || a.col - b.col),
  };
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

/** Reads and parses a scenario file; `exchange` (the command line's) overrides the scenario's own for checking fault names. */
export async function loadScenarioFile(file: string, exchange?: DialectName): Promise<LoadResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    return { ok: false, issues: [{ file, line: 1, col: 1, path: '', message: `cannot read the file: ${(err as Error).message}` }] };
  }
  return parseScenario(text, file, exchange);
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
