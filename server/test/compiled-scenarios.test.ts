import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../src/app.js';
import { builtinNames, packageRoot, scenarioPath } from '../src/scenario/builtin.js';
import { compiledBuiltin, compileBuiltins, isCompiled, type CompiledScenarios } from '../src/scenario/compiled.js';
import { loadScenarioFile } from '../src/scenario/load.js';

describe('compiled built-in scenarios', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'chaos-exchange-compiled-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  // The table the build wrote beside the CLI bundle (the tests' global set-up has just built it).
  const built = pathToFileURL(join(packageRoot(), 'dist/cli/scenarios.json'));

  it('the build wrote every built-in, each equal to loading its YAML now (JSON keeps it whole)', async () => {
    const table = JSON.parse(readFileSync(built, 'utf8')) as CompiledScenarios;
    expect(Object.keys(table).sort()).toEqual(builtinNames());
    for (const name of builtinNames()) {
      const fresh = await loadScenarioFile(scenarioPath(name));
      expect(fresh.ok, name).toBe(true);
      expect(table[name]!.scenario, name).toEqual(fresh.ok && fresh.scenario);
      expect(await compiledBuiltin(name, built), name).toEqual(fresh.ok && fresh.scenario);
    }
  });

  it('is used only when the YAML is unchanged since the build, and only for built-in names', async () => {
    const table = await compileBuiltins();
    const file = join(tmp, 'scenarios.json');
    writeFileSync(file, JSON.stringify({ ...table, calm: { ...table.calm!, sha256: '0'.repeat(64) } }));
    const url = pathToFileURL(file);
    expect(await compiledBuiltin('calm', url)).toBeUndefined();
    expect(await compiledBuiltin('demo', url)).toEqual(table.demo!.scenario);
    expect(await compiledBuiltin('no-such-scenario', url)).toBeUndefined();
    expect(await compiledBuiltin('./scenarios/demo.yaml', url)).toBeUndefined();
    expect(await compiledBuiltin('demo', pathToFileURL(join(tmp, 'missing.json')))).toBeUndefined();
    writeFileSync(file, '{ not json');
    expect(await compiledBuiltin('demo', url)).toBeUndefined();
  });

  it('loadScenario takes a compiled scenario as it is, and still validates any other object', async () => {
    const compiled = await compiledBuiltin('demo', built);
    expect(compiled && isCompiled(compiled)).toBe(true);
    expect(await loadScenario(compiled!)).toBe(compiled);
    const copy = structuredClone(compiled!);
    expect(isCompiled(copy)).toBe(false);
    await expect(loadScenario({ ...copy, timeline: 'not a timeline' } as never)).rejects.toThrow(/timeline/);
  });
});
