#!/usr/bin/env node
// chaos-exchange CLI: runs the compiled entry point (built by `npm run build`, run by npm install).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/server/src/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('chaos-exchange: not built yet; run `npm run build` (npm install does it) and try again\n');
  process.exit(1);
}
await import(entry.href);
