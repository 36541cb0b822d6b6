import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROUTES } from '../src/api/kraken/rest/routes/index.js';
import { HELP, parseCommand } from '../src/cli.js';
import { CONTROL_PREFIX, controlRouter } from '../src/control/control-api.js';
import { Controller } from '../src/control/controller.js';
import { Journal } from '../src/control/journal.js';
import { parseScenario } from '../src/scenario/load.js';
import { builtinNames, packageRoot } from '../src/scenario/builtin.js';
import { SLICE_CHARS } from '../src/api/kraken/ws/backlog.js';
import { EXCEEDED_MSG_RATE, MESSAGE_BUDGET, OVER_BUDGET_PAUSE_MS } from '../src/api/kraken/ws/message-budget.js';
import { MAX_CONNECTION_SUBSCRIPTIONS, MAX_REQUEST_SYMBOLS } from '../src/api/kraken/ws/subscription-caps.js';

// The README is checked against the code it describes, so it cannot drift silently.

const readme = readFileSync(join(packageRoot(), 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/```(\w*)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1] as string, text: m[2] as string }));

describe('README.md', () => {
  it('starts with the commands that serve the exchange and run the tests', () => {
    expect(readme.startsWith('```sh\n')).toBe(true);
    const first = (blocks[0]?.text ?? '').split('\n').map((l) => l.replace(/\s+#.*$/, '').trim());
    expect(first.slice(0, 2)).toEqual(['npm install && npm start', 'npm test']);
    const defaults = parseCommand([], {});
    if (defaults.kind !== 'serve') throw new Error('the CLI has no defaults');
    expect(blocks[0]?.text).toContain(`\`${defaults.options.scenario}\` at http://${defaults.options.host}:${defaults.options.port}`);
  });

  it('every YAML example is a valid scenario', () => {
    // A GitHub workflow step is YAML too, but no scenario: it says so on its first line.
    const yaml = blocks.filter((b) => b.lang === 'yaml' && !b.text.startsWith('# .github/workflows/'));
    expect(yaml.length).toBeGreaterThan(0);
    for (const { text } of yaml) expect(parseScenario(text, 'README.md')).toMatchObject({ ok: true });
  });

  it('documents every CLI flag and environment variable', () => {
    const flags = [...HELP.matchAll(/(?<![\w-])(--?[a-z](?:[a-z-]*[a-z])?)\b/g)].map((m) => m[1] as string);
    const envVars = [...HELP.matchAll(/\[([A-Z_]+)\]/g)].map((m) => m[1] as string);
    expect(flags).toEqual(expect.arrayContaining(['--port', '--host', '--scenario', '--seed', '--speed', '--help', '-h']));
    expect(envVars).toEqual(['CHAOS_EXCHANGE_PORT', 'CHAOS_EXCHANGE_HOST', 'CHAOS_EXCHANGE_SCENARIO', 'CHAOS_EXCHANGE_DIALECT', 'CHAOS_EXCHANGE_SEED', 'CHAOS_EXCHANGE_SPEED', 'CHAOS_EXCHANGE_CLOCK', 'CHAOS_EXCHANGE_JOURNAL_SIZE', 'CHAOS_EXCHANGE_ORDER_HISTORY', 'CHAOS_EXCHANGE_CONTROL_TOKEN', 'CHAOS_EXCHANGE_ALLOWED_HOSTS', 'CHAOS_EXCHANGE_REPORT', 'CHAOS_EXCHANGE_REPORT']);
    for (const flag of flags) expect(readme).toContain(`\`${flag}`);
    for (const env of envVars) expect(readme).toContain(`\`${env}\``);
  });

  it('lists every Kraken method the server serves', () => {
    for (const route of ROUTES) expect(readme).toContain(`\`${route.id}\``);
  });

  it('documents every control API route, the dashboard and its screenshot', () => {
    const journal = new Journal(10);
    const router = controlRouter(new Controller({ journal, current: () => { throw new Error('no run'); }, restart: async () => {} }), journal);
    const routes = (router.stack as { route?: { path: string; methods: Record<string, boolean> } }[]).flatMap((l) => (l.route ? [l.route] : []));
    expect(routes.length).toBeGreaterThan(15);
    for (const { path, methods } of routes) {
      for (const method of Object.keys(methods)) {
        // Listed either whole (`POST /__chaos/jump`) or after a sibling on the same line (`/resume`).
        const whole = `${method.toUpperCase()} ${CONTROL_PREFIX}${path}`;
        expect(readme.includes(`\`${whole}`) || readme.includes(`\`${path}\``), whole).toBe(true);
      }
    }
    expect(readme).toContain(`\`GET ${CONTROL_PREFIX}/ui/\``);
    expect(readme).toMatch(/!\[[^\]]+\]\(docs\/dashboard\.png\)/);
    expect(readFileSync(join(packageRoot(), 'docs', 'dashboard.png')).subarray(1, 4).toString()).toBe('PNG');
  });

  it('lists every built-in scenario and links the scenario guide', () => {
    for (const name of builtinNames()) expect(readme).toContain(`| \`${name}\` |`);
    expect(readme).toContain('(docs/scenarios.md)');
  });

  it("gives the WebSocket bounds' own numbers in the Limits table", () => {
    const row = (what: string): string => readme.split('\n').find((l) => l.startsWith(`| WebSocket ${what} |`)) ?? '';
    const n = (x: number): string => x.toLocaleString('en-US');
    expect(row('message budget')).toContain(`| ${n(MESSAGE_BUDGET.burst)}, then ${MESSAGE_BUDGET.perSecond}/s; ${OVER_BUDGET_PAUSE_MS / 1000} s unread | fixed |`);
    expect(row('message budget')).toContain(`{"Error":"${EXCEEDED_MSG_RATE}"}`);
    expect(row('(un)subscribe request')).toContain(`| ${n(MAX_REQUEST_SYMBOLS)} distinct symbols | fixed |`);
    expect(row('subscriptions per connection')).toContain(`at most ${MAX_CONNECTION_SUBSCRIPTIONS}\``);
    expect(row('subscriptions per connection')).toContain(`| ${MAX_CONNECTION_SUBSCRIPTIONS} | fixed |`);
    expect(row('work per turn')).toContain(`| ${SLICE_CHARS / 1024} K characters | fixed |`);
  });
});
