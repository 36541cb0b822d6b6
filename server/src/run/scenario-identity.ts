import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { builtinNames, scenarioPath } from '../scenario/builtin.js';
import type { Scenario, ScenarioInput } from '../scenario/schema.js';

/**
 * Which scenario a run played, so a report can be matched to its input: its name, where it came
 * from (`built-in NAME`, the file as given, or `object`) and the SHA-256 of its file's bytes (what
 * `sha256sum FILE` prints), or of the parsed scenario as JSON when it was given as an object.
 */
export async function scenarioIdentity(source: string | ScenarioInput, scenario: Scenario): Promise<{ name: string; source: string; sha256: string }> {
  const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
  if (typeof source !== 'string') return { name: scenario.name, source: 'object', sha256: sha256(JSON.stringify(scenario)) };
  const builtin = builtinNames().includes(source) ? `built-in ${source}` : source;
  return { name: scenario.name, source: builtin, sha256: sha256(await readFile(scenarioPath(source))) };
}
