// @ts-check
// Bundles the CLI (`dist/server/src/main.js`, compiled by tsc) into `dist/cli/`: `npm run build`
// runs this file after tsc, and the tests' global set-up calls `bundleCli` the same way.
//
// Why: `chaos-exchange serve` is started by other people's CI, often once per test file, so its
// start-up counts. Loaded as ~200 separate ES modules (ours, zod's, yaml's) it spent most of its
// start resolving, reading and compiling files. One bundle of what `serve` needs at start, with
// what it needs later left to load on first use (Express for the control API and the status page,
// `ws` on the first upgrade, faker on the first fake address), starts in about half the time
// (docs/benchmarks.md). The library entry points (`chaos-exchange`, `/msw`, `/vitest`) stay tsc's.
import { build } from 'esbuild';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Bundles `<dist>/server/src/main.js` into `<dist>/cli/`, replacing what was there, puts the bot's
 * time-warp and route preloads beside it (`warp-preload.js`, `route-preload.js`), and writes there too the built-in scenarios as
 * the loader makes them (`scenarios.json`, see server/src/scenario/compiled.ts): `serve` then
 * starts a built-in without parsing its YAML.
 */
export async function bundleCli(dist = fileURLToPath(new URL('../dist', import.meta.url))) {
  const outdir = join(dist, 'cli');
  // Chunk names carry a content hash: clear the last build's, so none is left behind.
  await rm(outdir, { recursive: true, force: true });
  await build({
    // The scenario parser's worker thread is loaded from beside the bundle (see parse-apart.ts).
    entryPoints: { main: join(dist, 'server/src/main.js'), 'parse-worker': join(dist, 'server/src/scenario/parse-worker.js') },
    outdir,
    bundle: true,
    // Dynamic imports (the control API, the status page) become chunks loaded when first used.
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    // Loaded on first use and large: left as installed packages rather than copied in.
    external: ['express', 'ws', '@faker-js/faker'],
    // Whitespace and syntax only: names stay as written, so a stack trace still reads.
    minifyWhitespace: true,
    minifySyntax: true,
    // Bundled CommonJS packages (yaml) call `require` for Node's built-ins; an ES module has none of its own.
    banner: { js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  // The bot's time warp and its route to the exchange's hosts, preloaded into a bot's Node.js
  // processes by `run` (NODE_OPTIONS=--import): each one file of its own, with no chunk shared with
  // the CLI, beside the bundle where `run` looks for them.
  await build({
    entryPoints: { 'warp-preload': join(dist, 'server/src/warp/warp-preload.js'), 'route-preload': join(dist, 'server/src/proxy/route-preload.js') },
    outdir,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: 'warning',
  });
  /** @type {{ compileBuiltins(): Promise<unknown> }} */
  const compiled = await import(pathToFileURL(join(dist, 'server/src/scenario/compiled.js')).href);
  await writeFile(join(outdir, 'scenarios.json'), JSON.stringify(await compiled.compileBuiltins()));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await bundleCli();
