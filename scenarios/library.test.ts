import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario, startExchange } from '../server/src/app.js';
import { builtinNames, DEFAULT_SCENARIO, scenariosDir, SERVE_SCENARIO } from '../server/src/scenario/builtin.js';
import { parseCommand } from '../server/src/cli.js';
import { auditExchange } from '../server/src/control/audit.js';
import { at, audited, failures, MIN, replay, SEC, tally } from './library-helpers.js';

/** The comment block at the top of a scenario file (after the schema line). */
const header = (name: string): string => {
  const lines = readFileSync(join(scenariosDir(), `${name}.yaml`), 'utf8').split('\n');
  const end = lines.findIndex((l) => !l.startsWith('#'));
  return lines.slice(1, end).join('\n');
};

/** Behaviours (outage-behaviours.md) no built-in scenario can show yet, and why. */
const NOT_YET = {
  B24: 'the mock serves the API only; there is no web or mobile front end to take down with it',
};

describe('the built-in scenario library', () => {
  it.each(builtinNames())('%s validates, is named after its file and starts with the schema header', async (name) => {
    await expect(loadScenario(name)).resolves.toMatchObject({ name });
    expect(readFileSync(join(scenariosDir(), `${name}.yaml`), 'utf8').split('\n')[0]).toBe('# yaml-language-server: $schema=./scenario.schema.json');
  });

  it.each(builtinNames().filter((n) => n !== 'calm'))('%s says what it reproduces, which incidents it follows and which behaviours it shows', (name) => {
    const text = header(name);
    expect(text.startsWith(`# ${name} — `)).toBe(true);
    expect(text).toMatch(/Follows/);
    expect(text).toMatch(/\b[KC]\d+\b/);
    expect(text).toMatch(/Shows: B\d+/);
  });

  it('together the scenarios show every behaviour B1–B24 the mock can reproduce', () => {
    const shown = new Set(builtinNames().flatMap((n) => header(n).split('Shows:')[1]?.match(/\bB\d+\b/g) ?? []));
    const missing = Array.from({ length: 24 }, (_, i) => `B${i + 1}`).filter((b) => !shown.has(b));
    expect(missing).toEqual(Object.keys(NOT_YET));
  });

  it('demo loops and is what `chaos-exchange serve` (npm start) runs by default; the programmatic default stays calm', async () => {
    expect(await loadScenario('demo')).toMatchObject({ loop: true });
    expect(SERVE_SCENARIO).toBe('demo');
    expect(DEFAULT_SCENARIO).toBe('calm');
    expect(parseCommand([], {})).toMatchObject({ kind: 'serve', options: { scenario: 'demo' } });
  });
});

describe('demo (K4, K8, K11, C6): calm → degraded → outage → staged recovery, every four minutes', () => {
  it('B1 B4 B6 B7 B8 B13 B15: each phase shows its mode, funding state and private-call failures; the loop repeats', async () => {
    const t = await replay('demo');
    const phases = [
      { name: 'calm', at: 30 * SEC }, { name: 'degraded', at: 90 * SEC }, { name: 'outage', at: 150 * SEC },
      { name: 'engine-back', at: 195 * SEC }, { name: 'wallets-back', at: 225 * SEC },
    ];
    const seen: string[][] = [];
    for (const cycle of [0, 1]) {
      for (const p of phases) {
        at(t.clock, cycle * 4 * MIN + p.at);
        const mode = (await t.bot.pub('SystemStatus')).result.status;
        const funding = (await t.bot.pub('Assets', { asset: 'XBT' })).result.XXBT.status;
        const priv = await tally(20, () => t.bot.priv('Balance'));
        seen.push([p.name, mode, funding, failures(priv) === 0 ? 'private ok' : 'private failing']);
      }
    }
    const cycle = [
      ['calm', 'online', 'enabled', 'private ok'],
      ['degraded', 'online', 'enabled', 'private failing'],
      ['outage', 'maintenance', 'funding_temporarily_disabled', 'private failing'],
      ['engine-back', 'cancel_only', 'funding_temporarily_disabled', 'private failing'],
      ['wallets-back', 'online', 'enabled', 'private failing'],
    ];
    expect(seen).toEqual([...cycle, ...cycle]);
    at(t.clock, 8 * MIN + 3 * MIN + 10 * SEC);
    const orders = await tally(20, () => t.bot.priv('AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'market', volume: '0.01' }));
    expect(Object.keys(orders).sort()).toEqual(['EAPI:Invalid key', 'EService:Market in cancel_only mode']);
    expect(auditExchange(t.exchange)).toEqual([]);
  });
});

describe('scheduled-maintenance on the status page (K8, K10): announced ahead, then one incident for the aftermath', () => {
  const names = (list: { name: string; status: string }[]): Record<string, string> =>
    Object.fromEntries(list.filter((c) => c.status !== 'operational').map((c) => [c.name, c.status]));

  it('B3: upcoming.json lists the window 10 minutes before it starts; during it the maintenance is active and the components under maintenance', async () => {
    const ex = audited(await startExchange({ scenario: 'scheduled-maintenance', port: 0, clock: 'manual' }));
    try {
      const start = ex.clock.now();
      const get = async (path: string): Promise<any> => (await fetch(`${ex.url}${path}`)).json();
      ex.clock.advanceTo(start + 5 * MIN - 1);
      expect((await get('/api/v2/scheduled-maintenances/upcoming.json')).scheduled_maintenances).toEqual([]);
      ex.clock.advanceTo(start + 5 * MIN);
      const [upcoming] = (await get('/api/v2/scheduled-maintenances/upcoming.json')).scheduled_maintenances;
      expect(upcoming).toMatchObject({
        status: 'scheduled', impact: 'maintenance',
        scheduled_for: new Date(start + 15 * MIN).toISOString(), scheduled_until: new Date(start + 75 * MIN).toISOString(),
      });
      expect((await get('/0/public/SystemStatus')).result.status).toBe('online');
      expect(names((await get('/api/v2/components.json')).components)).toEqual({});

      ex.clock.advanceTo(start + 40 * MIN);
      expect((await get('/api/v2/scheduled-maintenances/upcoming.json')).scheduled_maintenances).toEqual([]);
      const [active] = (await get('/api/v2/scheduled-maintenances/active.json')).scheduled_maintenances;
      expect(active).toMatchObject({ id: upcoming.id, status: 'in_progress' });
      const summary = await get('/api/v2/summary.json');
      expect(names(summary.components)).toMatchObject({ Trading: 'under_maintenance', 'REST API': 'under_maintenance', 'Fiat Funding - US Dollar (USD)': 'under_maintenance' });
      expect(summary.status.indicator).toBe('maintenance');
      expect(summary.incidents).toEqual([]);
    } finally {
      await ex.close();
    }
  });

  it('B2: the cancel_only window and the withdrawal hold are one incident tracking each component, updated per phase and resolved when withdrawals return', async () => {
    const ex = audited(await startExchange({ scenario: 'scheduled-maintenance', port: 0, clock: 'manual' }));
    try {
      const start = ex.clock.now();
      const get = async (path: string): Promise<any> => (await fetch(`${ex.url}${path}`)).json();
      const funding = ['Digital Currency Funding - Bitcoin (BTC)', 'Digital Currency Funding - Ethereum (ETH)', 'Fiat Funding - US Dollar (USD)'];
      ex.clock.advanceTo(start + 80 * MIN);
      let summary = await get('/api/v2/summary.json');
      expect(names(summary.components)).toEqual({
        Trading: 'partial_outage', Funding: 'degraded_performance', ...Object.fromEntries(funding.map((c) => [c, 'degraded_performance'])),
      });
      const [opened] = summary.incidents;
      expect(opened).toMatchObject({ status: 'identified', impact: 'major' });
      expect(opened.components.map((c: { name: string }) => c.name)).toEqual(['Trading', ...funding]);
      expect(summary.status.indicator).toBe('major');

      ex.clock.advanceTo(start + 110 * MIN);
      summary = await get('/api/v2/summary.json');
      expect(names(summary.components).Trading).toBeUndefined();
      const [better] = summary.incidents;
      expect(better).toMatchObject({ id: opened.id, status: 'monitoring' });
      expect(better.incident_updates[0].affected_components).toEqual([
        expect.objectContaining({ name: 'Trading', old_status: 'partial_outage', new_status: 'operational' }),
      ]);

      ex.clock.advanceTo(start + 120 * MIN);
      expect((await get('/api/v2/incidents/unresolved.json')).incidents).toEqual([]);
      const [resolved] = (await get('/api/v2/incidents.json')).incidents;
      expect(resolved).toMatchObject({ id: opened.id, status: 'resolved' });
      expect(resolved.incident_updates.map((u: { status: string }) => u.status)).toEqual(['resolved', 'monitoring', 'identified']);
      expect(names((await get('/api/v2/components.json')).components)).toEqual({});
    } finally {
      await ex.close();
    }
  });
});
