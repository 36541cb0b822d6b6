import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['server/**/*.test.ts', 'client-tests/**/*.test.ts', 'scenarios/**/*.test.ts'],
    // Builds dist/ (tsc, then the CLI bundle) once, before any test file runs.
    globalSetup: ['server/test/global-build.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // msw's ws.link intercepts the global (WHATWG) WebSocket, which Node 20 has only behind this
    // flag (Node 22+ always has it, and has no need of the flag).
    execArgv: typeof globalThis.WebSocket === 'undefined' ? ['--experimental-websocket'] : [],
  },
});
