import { afterEach, describe, expect, it } from 'vitest';
import { loadScenario, ScenarioError, startExchange, type RunningExchange } from '../src/app.js';
import type { ManualClock } from '../src/clock/clock.js';
import { STATUS_ROUTES } from '../src/api/status/express.js';
import { formatIssue, parseScenario } from '../src/scenario/load.js';
import type { ScenarioInput } from '../src/scenario/schema.js';

// The status API (/api/v2/*.json) of real servers on port 0, on the manual clock.

const START = Date.UTC(2026, 0, 1);
const MIN = 60_000;
const iso = (offset: number): string => new Date(START + offset).toISOString();

const running: RunningExchange[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.close()));
});

type Page = RunningExchange<ManualClock> & { get(path: string): Promise<any>; text(path: string): Promise<string>; at(offset: number): void };

async function serve(scenario: string | ScenarioInput, seed?: number): Promise<Page> {
  const ex = await startExchange({ scenario, seed, clock: 'manual', startTime: START });
  running.push(ex);
  const text = async (path: string): Promise<string> => {
    const res = await fetch(`${ex.url}${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    return res.text();
  };
  return Object.assign(ex, { text, get: async (path: string) => JSON.parse(await text(path)), at: (offset: number) => ex.clock.advanceTo(START + offset) });
}

const byName = (components: { name: string }[], name: string): any => components.find((c) => c.name === name);
const statuses = (components: { name: string; status: string }[]): Record<string, string> =>
  Object.fromEntries(components.filter((c) => c.status !== 'operational').map((c) => [c.name, c.status]));

const PAGE_KEYS = ['id', 'name', 'url', 'time_zone', 'updated_at'];
const COMPONENT_KEYS = ['id', 'name', 'status', 'created_at', 'updated_at', 'position', 'description', 'showcase', 'start_date', 'group_id', 'page_id', 'group', 'only_show_if_degraded'];
const INCIDENT_KEYS = ['id', 'name', 'status', 'created_at', 'updated_at', 'monitoring_at', 'resolved_at', 'impact', 'shortlink', 'started_at', 'page_id', 'incident_updates', 'components'];
const UPDATE_KEYS = ['id', 'status', 'body', 'incident_id', 'created_at', 'updated_at', 'display_at', 'affected_components', 'deliver_notifications', 'custom_tweet', 'tweet_id'];
const ISO_MS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

function expectIncidentShape(o: any, maintenance: boolean): void {
  expect(Object.keys(o)).toEqual(maintenance ? [...INCIDENT_KEYS, 'scheduled_for', 'scheduled_until'] : INCIDENT_KEYS);
  for (const k of ['created_at', 'updated_at', 'started_at']) expect(o[k]).toMatch(ISO_MS);
  expect(o.shortlink).toMatch(/^https:\/\/stspg\.io\/[a-z0-9]{7}$/);
  for (const u of o.incident_updates) {
    expect(Object.keys(u)).toEqual(UPDATE_KEYS);
    expect(u.incident_id).toBe(o.id);
    for (const a of u.affected_components) expect(Object.keys(a)).toEqual(['code', 'name', 'old_status', 'new_status']);
  }
  for (const c of o.components) expect(Object.keys(c)).toEqual(expect.arrayContaining(COMPONENT_KEYS));
}

describe('status API shapes (Statuspage v2)', () => {
  it('every endpoint answers with the page object and its own fields; components form groups; unknown paths are 404', async () => {
    const p = await serve('scheduled-maintenance');
    p.at(80 * MIN);
    for (const path of Object.keys(STATUS_ROUTES)) {
      const body = await p.get(path);
      expect(Object.keys(body.page)).toEqual(PAGE_KEYS);
      expect(body.page).toMatchObject({ id: 'lfz25gyhcpjf', name: 'Kraken', url: 'https://status.kraken.com', time_zone: 'Etc/UTC' });
      expect(body.page.updated_at).toMatch(ISO_MS);
    }
    expect(Object.keys(await p.get('/api/v2/status.json'))).toEqual(['page', 'status']);
    expect(Object.keys(await p.get('/api/v2/summary.json'))).toEqual(['page', 'components', 'incidents', 'scheduled_maintenances', 'status']);
    const { components } = await p.get('/api/v2/components.json');
    expect(components.map((c: any) => c.name)).toEqual([
      'Kraken API', 'REST API', 'Websocket', 'Trading', 'Website', 'Funding',
      'Digital Currency Funding - Bitcoin (BTC)', 'Digital Currency Funding - Ethereum (ETH)', 'Fiat Funding - US Dollar (USD)',
    ]);
    for (const c of components) {
      expect(Object.keys(c)).toEqual(c.group ? [...COMPONENT_KEYS, 'components'] : COMPONENT_KEYS);
      expect(c.id).toMatch(/^[a-z0-9]{12}$/);
      if (c.group) for (const id of c.components) expect(components.find((x: any) => x.id === id).group_id).toBe(c.id);
    }
    expect(byName(components, 'Kraken API').components).toEqual([byName(components, 'REST API').id, byName(components, 'Websocket').id]);
    const [incident] = (await p.get('/api/v2/incidents.json')).incidents;
    expectIncidentShape(incident, false);
    const [maintenance] = (await p.get('/api/v2/scheduled-maintenances.json')).scheduled_maintenances;
    expectIncidentShape(maintenance, true);
    const missing = await fetch(`${p.url}/api/v2/nothing.json`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ endpoints: Object.keys(STATUS_ROUTES) });
  });
});

describe('B3: scheduled-maintenance is announced ahead, then in progress, then completed', () => {
  it('upcoming 10 minutes before the window, in progress from 00:15, completed at 01:15, with exact times', async () => {
    const p = await serve('scheduled-maintenance');
    p.at(5 * MIN - 1);
    expect((await p.get('/api/v2/scheduled-maintenances.json')).scheduled_maintenances).toEqual([]);
    p.at(5 * MIN);
    const [m] = (await p.get('/api/v2/scheduled-maintenances/upcoming.json')).scheduled_maintenances;
    expect(m).toMatchObject({
      name: 'Scheduled spot trading and funding upgrade', status: 'scheduled', impact: 'maintenance',
      created_at: iso(5 * MIN), scheduled_for: iso(15 * MIN), scheduled_until: iso(75 * MIN), resolved_at: null,
    });
    expect(m.components.map((c: any) => c.name)).toEqual(['REST API', 'Websocket', 'Trading', 'Website',
      'Digital Currency Funding - Bitcoin (BTC)', 'Digital Currency Funding - Ethereum (ETH)', 'Fiat Funding - US Dollar (USD)']);
    expect((await p.get('/api/v2/summary.json')).scheduled_maintenances.map((x: any) => x.id)).toEqual([m.id]);
    expect((await p.get('/api/v2/scheduled-maintenances/active.json')).scheduled_maintenances).toEqual([]);
    expect((await p.get('/api/v2/status.json')).status).toEqual({ indicator: 'none', description: 'All Systems Operational' });

    p.at(15 * MIN);
    expect((await p.get('/api/v2/scheduled-maintenances/upcoming.json')).scheduled_maintenances).toEqual([]);
    const [active] = (await p.get('/api/v2/scheduled-maintenances/active.json')).scheduled_maintenances;
    expect(active).toMatchObject({ id: m.id, status: 'in_progress', updated_at: iso(15 * MIN) });
    expect(active.incident_updates.map((u: any) => [u.status, u.created_at])).toEqual([['in_progress', iso(15 * MIN)], ['scheduled', iso(5 * MIN)]]);
    expect(active.incident_updates[0].affected_components).toContainEqual(expect.objectContaining({ name: 'Trading', old_status: 'operational', new_status: 'under_maintenance' }));
    expect((await p.get('/api/v2/status.json')).status).toEqual({ indicator: 'maintenance', description: 'Service Under Maintenance' });

    p.at(75 * MIN);
    const [done] = (await p.get('/api/v2/scheduled-maintenances.json')).scheduled_maintenances;
    expect(done).toMatchObject({ id: m.id, status: 'completed', resolved_at: iso(75 * MIN), updated_at: iso(75 * MIN) });
    expect(done.incident_updates.map((u: any) => u.status)).toEqual(['completed', 'in_progress', 'scheduled']);
    expect((await p.get('/api/v2/scheduled-maintenances/active.json')).scheduled_maintenances).toEqual([]);
  });

  it('the page agrees with SystemStatus at every instant: maintenance ⇔ indicator maintenance ⇔ Trading under_maintenance', async () => {
    const p = await serve('scheduled-maintenance');
    for (const m of [0, 5, 14.99, 15, 40, 74.99, 75, 100, 105, 119.99, 120, 200]) {
      p.at(m * MIN);
      const mode = (await p.get('/0/public/SystemStatus')).result.status;
      const { status, components } = await p.get('/api/v2/summary.json');
      const trading = byName(components, 'Trading').status;
      expect([m, status.indicator === 'maintenance', trading === 'under_maintenance']).toEqual([m, mode === 'maintenance', mode === 'maintenance']);
      expect([m, trading === 'partial_outage']).toEqual([m, mode === 'cancel_only']);
    }
  });
});

describe('B2: an unplanned incident per run of faulty phases, one update per phase, each component tracked', () => {
  const scenario: ScenarioInput = {
    name: 'b2', seed: 3, market: { pairs: { 'XBT/USD': null } },
    timeline: [
      { name: 'calm', duration: '10m' },
      { name: 'api-errors', duration: '10m', faults: [{ match: { route: 'private/*' }, probability: 0.5, effect: { kind: 'status', status: 503 } }] },
      {
        name: 'ws-down', duration: '10m', funding: { assets: ['BTC'], withdrawals: 'queue' },
        faults: [{ effect: { kind: 'latency', fixed: '2s' } }, { effect: { kind: 'refuse' } }],
      },
      { name: 'recovered' },
    ],
  };

  it('opens when the faulty phase starts, escalates with the next, resolves at recovery; components follow each phase', async () => {
    const p = await serve(scenario);
    p.at(10 * MIN - 1);
    expect((await p.get('/api/v2/incidents.json')).incidents).toEqual([]);
    expect(statuses((await p.get('/api/v2/components.json')).components)).toEqual({});

    p.at(10 * MIN);
    let summary = await p.get('/api/v2/summary.json');
    expect(statuses(summary.components)).toEqual({ 'Kraken API': 'partial_outage', 'REST API': 'partial_outage', Website: 'partial_outage' });
    const [opened] = summary.incidents;
    expect(opened).toMatchObject({ name: 'Api errors', status: 'investigating', impact: 'major', created_at: iso(10 * MIN), started_at: iso(10 * MIN) });
    expect(summary.status).toEqual({ indicator: 'major', description: 'Partial System Outage' });

    p.at(20 * MIN);
    summary = await p.get('/api/v2/summary.json');
    expect(statuses(summary.components)).toEqual({
      'Kraken API': 'major_outage', 'REST API': 'degraded_performance', Websocket: 'major_outage', Website: 'degraded_performance',
      Funding: 'degraded_performance', 'Digital Currency Funding - Bitcoin (BTC)': 'degraded_performance',
    });
    const [escalated] = summary.incidents;
    expect(escalated).toMatchObject({ id: opened.id, status: 'identified', impact: 'critical', updated_at: iso(20 * MIN) });
    expect(escalated.incident_updates[0].affected_components.map((a: any) => `${a.name}: ${a.old_status} → ${a.new_status}`)).toEqual([
      'REST API: partial_outage → degraded_performance', 'Websocket: operational → major_outage',
      'Website: partial_outage → degraded_performance', 'Digital Currency Funding - Bitcoin (BTC): operational → degraded_performance',
    ]);
    expect(summary.status.indicator).toBe('critical');

    p.at(30 * MIN);
    expect((await p.get('/api/v2/incidents/unresolved.json')).incidents).toEqual([]);
    const [resolved] = (await p.get('/api/v2/incidents.json')).incidents;
    expect(resolved).toMatchObject({ id: opened.id, status: 'resolved', resolved_at: iso(30 * MIN), monitoring_at: null });
    expect(resolved.incident_updates.map((u: any) => [u.status, u.created_at])).toEqual([
      ['resolved', iso(30 * MIN)], ['identified', iso(20 * MIN)], ['investigating', iso(10 * MIN)],
    ]);
    expect(resolved.components.map((c: any) => c.name)).toEqual(['REST API', 'Websocket', 'Website', 'Digital Currency Funding - Bitcoin (BTC)']);
    const components = (await p.get('/api/v2/components.json')).components;
    expect(statuses(components)).toEqual({});
    expect(byName(components, 'REST API').updated_at).toBe(iso(30 * MIN));
    expect(byName(components, 'Trading').updated_at).toBe(iso(0));
    expect((await p.get('/api/v2/status.json')).status.indicator).toBe('none');
  });

  it('a looping scenario opens one incident per cycle (demo: an unannounced outage, nothing upcoming)', async () => {
    const p = await serve('demo');
    p.at(2 * 4 * MIN + 90_000);
    const { incidents } = await p.get('/api/v2/incidents.json');
    expect(incidents.map((i: any) => [i.status, i.created_at])).toEqual([
      ['investigating', iso(9 * MIN)], ['resolved', iso(5 * MIN)], ['resolved', iso(MIN)],
    ]);
    expect(new Set(incidents.map((i: any) => i.id)).size).toBe(3);
    expect((await p.get('/api/v2/scheduled-maintenances.json')).scheduled_maintenances).toEqual([]);
  });
});

describe('explicit status keys', () => {
  const scenario: ScenarioInput = {
    name: 'overrides', market: { pairs: { 'XBT/USD': null, 'ETH/USD': null } },
    timeline: [
      { name: 'calm', duration: '10m' },
      {
        name: 'quiet-trouble', duration: '10m', faults: [{ effect: { kind: 'status', status: 500 } }],
        status: { lag: '4m', components: { Websocket: 'degraded_performance', Funding: 'partial_outage' }, incident: { name: 'Elevated API errors', impact: 'minor' }, body: 'We are looking into errors.' },
      },
      { name: 'eth-upgrade', duration: '30m', funding: { assets: ['ETH'], withdrawals: 'reject' }, status: { lag: '3m', announce: '2h' } },
      { name: 'halt', duration: '10m', mode: 'maintenance', status: { announce: false } },
      { name: 'calm-again' },
    ],
  };

  it('lag delays the page; explicit components, incident and body override; announce makes a maintenance or an outage', async () => {
    const p = await serve(scenario);
    p.at(14 * MIN - 1);
    expect(statuses((await p.get('/api/v2/components.json')).components)).toEqual({});
    const [upcoming] = (await p.get('/api/v2/scheduled-maintenances/upcoming.json')).scheduled_maintenances;
    expect(upcoming).toMatchObject({ name: 'Eth upgrade', created_at: iso(-100 * MIN), scheduled_for: iso(20 * MIN), scheduled_until: iso(50 * MIN) });
    expect(upcoming.components.map((c: any) => c.name)).toEqual(['Digital Currency Funding - Ethereum (ETH)']);

    p.at(14 * MIN);
    const summary = await p.get('/api/v2/summary.json');
    expect(statuses(summary.components)).toMatchObject({
      'REST API': 'major_outage', Websocket: 'degraded_performance', Website: 'major_outage',
      'Digital Currency Funding - Bitcoin (BTC)': 'partial_outage', 'Fiat Funding - US Dollar (USD)': 'partial_outage',
    });
    expect(summary.incidents[0]).toMatchObject({ name: 'Elevated API errors', impact: 'minor', created_at: iso(14 * MIN), started_at: iso(10 * MIN) });
    expect(summary.incidents[0].incident_updates[0].body).toBe('We are looking into errors.');

    p.at(23 * MIN - 1);
    expect((await p.get('/api/v2/incidents/unresolved.json')).incidents).toHaveLength(1);
    expect((await p.get('/api/v2/scheduled-maintenances/active.json')).scheduled_maintenances).toEqual([]);
    p.at(23 * MIN);
    expect((await p.get('/api/v2/incidents.json')).incidents[0]).toMatchObject({ status: 'resolved', resolved_at: iso(23 * MIN) });
    expect(statuses((await p.get('/api/v2/components.json')).components)).toEqual({ Funding: 'under_maintenance', 'Digital Currency Funding - Ethereum (ETH)': 'under_maintenance' });
    expect((await p.get('/0/public/SystemStatus')).result.status).toBe('online');

    p.at(55 * MIN);
    expect((await p.get('/0/public/SystemStatus')).result.status).toBe('maintenance');
    const halted = await p.get('/api/v2/summary.json');
    expect(statuses(halted.components)).toMatchObject({ Trading: 'major_outage', 'REST API': 'major_outage', Websocket: 'major_outage' });
    expect(halted.incidents[0]).toMatchObject({ name: 'Halt', impact: 'critical', status: 'investigating' });
    expect(halted.status.indicator).toBe('critical');
  });

  it('unknown component names and a lag as long as the phase are positioned errors with a suggestion', async () => {
    const text = [
      'name: x', 'market: { pairs: { XBT/USD: null } }', 'timeline:', '  - name: p', '    duration: 5m', '    status:', '      lag: 5m',
      '      components: { Websockets: major_outage, Rest API: degraded_performance, Digital Currency Funding - Solana (SOL): major_outage }',
    ].join('\n');
    const r = parseScenario(text, 'x.yaml');
    expect(r.ok ? [] : r.issues.map(formatIssue)).toEqual([
      'x.yaml:7:12: timeline.0.status.lag: lag 5m must be shorter than the phase "p" (it would never show)',
      'x.yaml:8:33: timeline.0.status.components.Websockets: no status component named "Websockets" (did you mean "Websocket"?)',
      'x.yaml:8:57: timeline.0.status.components.Rest API: no status component named "Rest API" (did you mean "REST API"?)',
      expect.stringMatching(/^x\.yaml:8:\d+: timeline\.0\.status\.components\.Digital Currency Funding - Solana \(SOL\): no status component named/),
    ]);
    const err = await loadScenario({ name: 'o', timeline: [{ name: 'p', status: { components: { Tradng: 'major_outage' } } }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ScenarioError);
    expect((err as ScenarioError).message).toContain('timeline.0.status.components.Tradng: no status component named "Tradng" (did you mean "Trading"?)');
  });
});

describe('determinism and immunity', () => {
  it('the same scenario and seed give byte-identical JSON at every endpoint; another seed other ids', async () => {
    const [a, b, c] = await Promise.all([serve('scheduled-maintenance', 5), serve('scheduled-maintenance', 5), serve('scheduled-maintenance', 6)]);
    for (const p of [a, b, c]) p.at(110 * MIN);
    for (const path of Object.keys(STATUS_ROUTES)) expect(await b.text(path)).toBe(await a.text(path));
    expect(await c.text('/api/v2/summary.json')).not.toBe(await a.text('/api/v2/summary.json'));
  });

  it('a REST fault rule matching every route never touches /api/v2 (it only shows on the page)', async () => {
    const p = await serve({ name: 'edge-down', timeline: [{ name: 'edge-down', faults: [{ effect: { kind: 'status', status: 503 } }] }] });
    expect((await fetch(`${p.url}/0/public/Time`)).status).toBe(503);
    for (const path of Object.keys(STATUS_ROUTES)) await p.get(path);
    expect(byName((await p.get('/api/v2/components.json')).components, 'REST API').status).toBe('major_outage');
  });
});
