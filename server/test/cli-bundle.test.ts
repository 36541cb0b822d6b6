import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../src/scenario/builtin.js';

// The CLI bundle (built by the tests' global set-up, as `npm run build` does): what `serve` loads
// before it is ready is the entry and the chunks it imports statically; Express, ws and faker
// must be left to load on first use (README: "load on first use").

const cli = join(packageRoot(), 'dist/cli');

/** The modules `file` imports statically (`import … from "x"`, `import "x"`, `export … from "x"`); `import("x")` is not one. */
function staticImports(file: string): string[] {
  const code = readFileSync(file, 'utf8');
  return [...code.matchAll(/(?:^|[;}\n])\s*(?:import|export)\s*(?:[\w$*{}\s,]*?\s*from\s*)?["']([^"']+)["']/g)].map((m) => m[1] as string);
}

/** Every module reached from `entry` by static imports: files of the bundle by path, packages by name. */
function loadedAtStart(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    for (const spec of staticImports(file)) {
      if (spec.startsWith('.')) {
        const next = join(dirname(file), spec);
        if (!seen.has(next)) {
          seen.add(next);
          visit(next);
        }
      } else seen.add(spec);
    }
  };
  visit(entry);
  return seen;
}

describe('the CLI bundle (dist/cli)', () => {
  it('loads no Express, ws or faker before it is ready, and has the dynamic imports that load them later', () => {
    const atStart = [...loadedAtStart(join(cli, 'main.js'))];
    // The walk does find what start-up needs: Node's http server and the bundle's own chunks.
    expect(atStart).toContain('node:http');
    expect(atStart.some((m) => m.endsWith('.js'))).toBe(true);
    for (const lazy of ['express', 'ws', '@faker-js/faker']) expect(atStart.filter((m) => m === lazy || m.startsWith(`${lazy}/`)), lazy).toEqual([]);
    const main = readFileSync(join(cli, 'main.js'), 'utf8');
    expect(main).toContain('import("express")');
    expect(main).toContain('import("ws")');
    expect(main).toContain('@faker-js/faker/locale/en');
  });

  // Regression: the transparent proxy imported node:tls statically, so every idle server held TLS.
  it('leaves TLS and the proxy\'s certificate authority (node-forge) to the first CONNECT', () => {
    const atStart = [...loadedAtStart(join(cli, 'main.js'))];
    expect(atStart.filter((m) => m === 'node:tls' || m === 'tls' || m === 'node:https' || m === 'https')).toEqual([]);
    expect(atStart.filter((m) => /node-forge|authority-/.test(m))).toEqual([]);
    const main = readFileSync(join(cli, 'main.js'), 'utf8');
    expect(main).toContain('import("node:tls")');
    expect(main).toMatch(/import\("\.\/authority-\w+\.js"\)/);
  });

  it('carries the bot\'s time-warp preload beside the entry as one file that loads only Node\'s built-ins', () => {
    // `run` points a bot's NODE_OPTIONS at it; a chunk shared with the CLI would load the CLI's code into every bot process.
    const imports = loadedAtStart(join(cli, 'warp-preload.js'));
    expect([...imports].sort()).toEqual(['node:module', 'node:net', 'node:timers', 'node:timers/promises', 'node:util']);
  });

  it('carries the compiled built-in scenarios beside the entry, where serve looks for them', () => {
    const table = JSON.parse(readFileSync(join(cli, 'scenarios.json'), 'utf8')) as Record<string, { sha256: string }>;
    expect(Object.keys(table)).toContain('demo');
    expect(table.demo!.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});
