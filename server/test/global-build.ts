import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { bundleCli } from '../bundle-cli.mjs';
import { packageRoot } from '../src/scenario/builtin.js';

/**
 * Vitest global set-up: builds the package once from the current sources (`npm run build`'s
 * steps: clear tsc's last output, tsc into dist/, then the CLI bundle), before any test file runs.
 * Tests that start the real CLI, or import the package by name, then run what these sources make,
 * and no test file rewrites dist/ while another is loading from it.
 */
export default async function setup(): Promise<void> {
  const root = packageRoot();
  // tsc never deletes: without this, files of an older build (a removed module, a source map) stay and get packed.
  await rm(join(root, 'dist/server'), { recursive: true, force: true });
  await promisify(execFile)(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root });
  await bundleCli(join(root, 'dist'));
}
