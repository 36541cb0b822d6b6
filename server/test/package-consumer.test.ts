import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../src/scenario/builtin.js';
import { linkModules, packInto, typeCheck, type Packed } from './packed.js';

// What a user installs: the tarball `npm pack` makes, and a project of theirs that type-checks
// against it through its `exports`, with `skipLibCheck: false`, under node16 and bundler resolution.

const root = packageRoot();
let work: string;
let packed: Packed;

interface Manifest {
  dependencies: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

/**
 * What this file checks (the tarball and a consumer's type-check) does not depend on the Node that
 * runs the tests, so CI runs it once: `.ci/run` sets CHAOS_EXCHANGE_CI_REPEAT=1 for its second pass
 * (Node 24), where it is skipped.
 */
const repeat = process.env.CHAOS_EXCHANGE_CI_REPEAT === '1';

beforeAll(async () => {
  if (repeat) return;
  work = await mkdtemp(join(tmpdir(), 'chaos-pack-'));
  packed = await packInto(root, work);
}, 60_000);

afterAll(async () => {
  if (work !== undefined) await rm(work, { recursive: true, force: true });
});

/** Whether `path` is a file of the tarball or a folder holding one. */
const shipped = (path: string): boolean => packed.files.some((f) => f === path || f.startsWith(`${path.replace(/\/$/, '')}/`));

describe.skipIf(repeat)('the npm tarball', () => {
  it('has the licence, the README and the docs the README links to', async () => {
    for (const file of ['LICENSE', 'README.md', 'package.json', 'docs/scenarios.md', 'docs/time-warp.md', 'docs/benchmarks.md', 'docs/dashboard.png']) {
      expect(packed.files, file).toContain(file);
    }
    expect(await readFile(join(packed.dir, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n\nCopyright \(c\) 2026 chaos-exchange contributors\n/);
  });

  it("resolves every relative link of the shipped README and docs inside the tarball (but the repository's client-tests and container files)", async () => {
    const broken: string[] = [];
    for (const doc of packed.files.filter((f) => f.endsWith('.md'))) {
      const text = await readFile(join(packed.dir, doc), 'utf8');
      for (const [, href] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^(?:[a-z]+:|#)/i.test(href as string)) continue;
        const target = posix.normalize(posix.join(posix.dirname(doc), (href as string).replace(/#.*$/, '')));
        // The example bots and their tests, and the container files, are the repository's, not the package's.
        if (target.startsWith('client-tests/') || /^(Dockerfile|docker-compose[\w.-]*\.yml)$/.test(target)) continue;
        if (!shipped(target)) broken.push(`${doc}: ${href as string}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('ships no tests, test helpers, TypeScript sources or source maps without their sources', async () => {
    expect(packed.files.filter((f) => /\.test\.|(^|\/)(test|tests|fixtures)\//.test(f))).toEqual([]);
    expect(packed.files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    const orphans: string[] = [];
    for (const map of packed.files.filter((f) => f.endsWith('.map'))) {
      const { sources } = JSON.parse(await readFile(join(packed.dir, map), 'utf8')) as { sources: string[] };
      for (const source of sources) if (!shipped(posix.normalize(posix.join(posix.dirname(map), source)))) orphans.push(`${map}: ${source}`);
    }
    expect(orphans).toEqual([]);
    const allowed = /^(?:LICENSE|README\.md|package\.json|bin\/|dist\/cli\/|dist\/server\/src\/|docs\/|scenarios\/|server\/ui\/)/;
    expect(packed.files.filter((f) => !allowed.test(f))).toEqual([]);
  });

  it('declares msw and vitest, which its /msw and /vitest entries load, as optional peers at the versions its tests run', async () => {
    const manifest = JSON.parse(await readFile(join(packed.dir, 'package.json'), 'utf8')) as Manifest;
    const dev = (JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as Manifest).devDependencies ?? {};
    for (const peer of ['msw', 'vitest']) {
      expect(manifest.peerDependencies?.[peer], peer).toBe(`^${dev[peer] as string}`);
      expect(manifest.peerDependenciesMeta?.[peer]?.optional, peer).toBe(true);
    }
  });
});

const CONSUMER_TS = `import { startExchange, createKrakenApi, statusRouter, ManualClock, type RunningExchange, type Scenario } from 'chaos-exchange';
import { createMswHandlers, ccxtMswOptions, type MswExchange } from 'chaos-exchange/msw';
import { useChaosExchange, type ChaosExchangeHandle } from 'chaos-exchange/vitest';
import { setupServer } from 'msw/node';
import { createServer } from 'node:http';

export async function demo(): Promise<number> {
  const exchange: RunningExchange<ManualClock> = await startExchange({ scenario: 'calm', seed: 42, port: 0, clock: 'manual' });
  exchange.clock.advance(60_000);
  const scenario: Scenario = exchange.scenario;
  const server = createServer(statusRouter(exchange.status, exchange.clock));
  server.close();
  const chaos: MswExchange = await createMswHandlers('calm', { seed: 7 });
  const msw = setupServer(...chaos.handlers);
  msw.close();
  chaos.close();
  await exchange.close();
  return scenario.name.length + Object.keys(ccxtMswOptions()).length + (typeof createKrakenApi === 'function' ? 1 : 0);
}

export const suite = (): ChaosExchangeHandle => useChaosExchange('calm', { seed: 1 });
`;

/**
 * A consumer's tsconfig: strict, every package's declarations checked, the given module
 * resolution. msw's declarations need the DOM library (msw says so); TypeScript's own libraries
 * are left unchecked, which saves a quarter of the time and is not what is tested here.
 */
const tsconfig = (module: string, moduleResolution: string): string => JSON.stringify({
  compilerOptions: { target: 'ES2022', module, moduleResolution, lib: ['ES2023', 'DOM'], types: ['node'], strict: true, skipLibCheck: false, skipDefaultLibCheck: true, noEmit: true },
  files: ['index.ts'],
});

describe.skipIf(repeat)('a project that installs the tarball', () => {
  it('type-checks its three entry points with skipLibCheck: false, under node16 and bundler resolution', async () => {
    const manifest = JSON.parse(await readFile(join(packed.dir, 'package.json'), 'utf8')) as Manifest;
    // What npm would install: the package's dependencies, and the consumer's own typescript, Node types, msw and vitest.
    await linkModules(root, packed.consumer, [...Object.keys(manifest.dependencies), 'typescript', '@types/node', 'msw', 'vitest']);
    await writeFile(join(packed.consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    await writeFile(join(packed.consumer, 'index.ts'), CONSUMER_TS);
    await writeFile(join(packed.consumer, 'tsconfig.node16.json'), tsconfig('node16', 'node16'));
    await writeFile(join(packed.consumer, 'tsconfig.bundler.json'), tsconfig('preserve', 'bundler'));
    const [node16, bundler] = await Promise.all([typeCheck(root, packed.consumer, 'tsconfig.node16.json'), typeCheck(root, packed.consumer, 'tsconfig.bundler.json')]);
    expect(node16.output).toBe('');
    expect(node16.code).toBe(0);
    expect(bundler.output).toBe('');
    expect(bundler.code).toBe(0);
    // About 10 s of CPU for each of the two compilers (zod's and msw's declarations are checked too).
  }, 180_000);
});
