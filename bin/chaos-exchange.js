#!/usr/bin/env node
// chaos-exchange CLI: runs the bundled entry point (built by `npm run build`, run by npm install).
import { existsSync } from 'node:fs';
import module from 'node:module';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('chaos-exchange: not built yet; run `npm run build` (npm install does it) and try again\n');
  process.exit(1);
}
// Node 22.1+ keeps compiled code in its on-disk cache between starts (Node 20 has no such cache).
module.enableCompileCache?.();
await import(entry.href);
