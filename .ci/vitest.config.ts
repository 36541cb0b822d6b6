import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The Dockerfile's build check, run once by .ci/run (not by `npm test`: it installs the dependencies
// twice and builds the package, about a minute).
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('..', import.meta.url)),
    include: ['.ci/**/*.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 60_000,
  },
});
