import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../src/scenario/builtin.js';
import { parseScenario } from '../src/scenario/load.js';

// The benchmarks are not part of the test run, but the scenarios they serve must stay valid.

const dir = join(packageRoot(), 'bench', 'scenarios');

describe('bench/scenarios', () => {
  it.each(readdirSync(dir).filter((f) => f.endsWith('.yaml')))('%s is a valid scenario', (file) => {
    const r = parseScenario(readFileSync(join(dir, file), 'utf8'), file);
    expect(r.ok ? [] : r.issues).toEqual([]);
  });
});
