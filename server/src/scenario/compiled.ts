import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { builtinNames, scenarioPath } from './builtin.js';
import { formatIssue, parseScenario } from './load.js';
import type { Scenario } from './schema.js';

/**
 * The built-in scenarios as the loader made them when the package was built, each with the
 * sha-256 of the YAML it came from. The build writes this table beside the CLI bundle, so a
 * `serve` of a built-in skips parsing YAML and validating it again (most of its start-up work).
 */
export type CompiledScenarios = Record<string, { sha256: string; scenario: Scenario }>;

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Scenario objects that came from a compiled table: already validated, so loading them again can skip it. */
const validated = new WeakSet<object>();

/** Whether `scenario` is one that `compiledBuiltin` or `markValidated` vouched for (validated already). */
export const isCompiled = (scenario: object): scenario is Scenario => validated.has(scenario);

/** Vouches for a scenario that parseScenario made elsewhere in this process (a worker thread), so loading it skips validating it again. */
export function markValidated(scenario: Scenario): Scenario {
  validated.add(scenario);
  return scenario;
}

/** Loads and validates every built-in scenario, for the build; a built-in with a problem fails it. */
export async function compileBuiltins(): Promise<CompiledScenarios> {
  const table: CompiledScenarios = {};
  for (const name of builtinNames()) {
    const file = scenarioPath(name);
    const text = await readFile(file, 'utf8');
    const r = parseScenario(text, file);
    if (!r.ok) throw new Error(`built-in scenario ${name} does not load:\n${r.issues.map(formatIssue).join('\n')}`);
    table[name] = { sha256: sha256(text), scenario: r.scenario };
  }
  return table;
}

/**
 * The built-in scenario `name` from the compiled table in `tableFile`, if there is one and the
 * built-in's YAML is unchanged since the build; otherwise undefined, and the caller loads `name`
 * the usual way (a path, an edited built-in, or a build without the table).
 */
export async function compiledBuiltin(name: string, tableFile: URL): Promise<Scenario | undefined> {
  if (!/^[a-z0-9-]+$/.test(name) || !builtinNames().includes(name)) return undefined;
  let table: CompiledScenarios;
  let text: string;
  try {
    table = JSON.parse(await readFile(tableFile, 'utf8')) as CompiledScenarios;
    text = await readFile(scenarioPath(name), 'utf8');
  } catch {
    return undefined;
  }
  const entry = Object.hasOwn(table, name) ? table[name] : undefined;
  if (!entry || entry.sha256 !== sha256(text)) return undefined;
  validated.add(entry.scenario);
  return entry.scenario;
}
