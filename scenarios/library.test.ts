import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../server/src/app.js';
import { builtinNames, DEFAULT_SCENARIO, scenariosDir, SERVE_SCENARIO } from '../server/src/scenario/builtin.js';
import { parseCommand } from '../server/src/cli.js';
import { auditExchange } from '../server/src/control/audit.js';
import { at, failures, MIN, replay, SEC, tally } from './library-helpers.js';

/** The comment block at the top of a scenario file (after the schema line). */
const header = (name: string): string => {
  const lines = readFileSync(join(scenariosDir(), `${name}.yaml`), 'utf8').split('\n');
  const end = lines.findIndex((l) => !l.startsWith('#'));
  return lines.slice(1, end).join('\n');
};

/** Behaviours (outage-behaviours.md) no built-in scenario can show yet, and why. */
const NOT_YET = {
  B2: 'no status-page API yet',
  B3: 'no status-page API yet to announce maintenance ahead',
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
