import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { suggest } from './suggest.js';
import { fileURLToPath } from 'node:url';

/** The package's root folder, found by walking up from this module to chaos-exchange's package.json. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'chaos-exchange') return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the chaos-exchange package root');
    dir = up;
  }
}

/** chaos-exchange's version, from its package.json. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

/** The built-in scenario library folder. */
export const scenariosDir = (): string => join(packageRoot(), 'scenarios');

/** Names of the built-in scenarios (file names without `.yaml`). */
export function builtinNames(): string[] {
  return readdirSync(scenariosDir()).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -5)).sort();
}

/** The scenario the programmatic API uses when none is given: a calm, fault-free market. */
export const DEFAULT_SCENARIO = 'calm';

/** The scenario `chaos-exchange serve` (and so `npm start`) runs when none is given: a looping guided outage. */
export const SERVE_SCENARIO = 'demo';

/** Resolves `--scenario`: a built-in name (`calm`) or a path to a YAML file. */
export function scenarioPath(nameOrFile: string): string {
  if (/^[a-z0-9-]+$/.test(nameOrFile) && existsSync(join(scenariosDir(), `${nameOrFile}.yaml`))) {
    return join(scenariosDir(), `${nameOrFile}.yaml`);
  }
  return resolve(nameOrFile);
}

/**
 * Why `nameOrFile` names no scenario, when it looks like a built-in name (no folder, no `.yaml`)
 * and no such file exists: the message names the closest built-in and lists them all.
 */
export function unknownScenario(nameOrFile: string): string | undefined {
  if (/[/\\]|\.ya?ml$/i.test(nameOrFile) || existsSync(scenarioPath(nameOrFile))) return undefined;
  const names = builtinNames();
  const near = suggest(nameOrFile, names);
  return `"${nameOrFile}" is not a built-in scenario${near ? ` (did you mean "${near}"?)` : ''} nor a file; the built-ins are ${names.join(', ')}`;
}
