/**
 * The status page under Binance: the page and its API group are named after the served exchange
 * ("Binance", "Binance API"); a scenario names that group, and Kraken's is refused.
 * A real server on port 0, the manual clock.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ScenarioError, startExchange, type RunningExchange } from '../src/app.js';
import type { ManualClock } from '../src/clock/clock.js';
import type { ScenarioInput } from '../src/scenario/schema.js';

let ex: RunningExchange<ManualClock> | undefined;
afterEach(async () => {
  await ex?.close();
  ex = undefined;
});

const get = async (path: string): Promise<any> => (await fetch(`${ex!.url}${path}`)).json();

const scenario = (group: string, exchange = 'binance'): ScenarioInput => ({
  name: 'status-under-binance', exchange: exchange as 'binance',
  timeline: [{ name: 'slow', duration: '10m', status: { components: { [group]: 'degraded_performance' }, body: 'Replies are slow.' } }, { name: 'quiet' }],
});

describe('the status page under Binance', () => {
  it('is named "Binance", with a "Binance API" group holding REST API and Websocket, which a scenario can degrade', async () => {
    ex = await startExchange({ scenario: scenario('Binance API'), clock: 'manual' });
    const { page, components } = await get('/api/v2/summary.json');
    expect(page.name).toBe('Binance');
    const names = components.map((c: { name: string }) => c.name);
    expect(names.slice(0, 3)).toEqual(['Binance API', 'REST API', 'Websocket']);
    expect(names).not.toContain('Kraken API');
    const group = components.find((c: { name: string }) => c.name === 'Binance API');
    expect(group.components).toEqual(components.filter((c: { name: string }) => c.name === 'REST API' || c.name === 'Websocket').map((c: { id: string }) => c.id));
    expect(Object.fromEntries(components.filter((c: any) => c.status !== 'operational').map((c: any) => [c.name, c.status])))
      .toEqual({ 'Binance API': 'degraded_performance', 'REST API': 'degraded_performance', Websocket: 'degraded_performance' });
  });

  it('a Binance scenario naming "Kraken API" is refused (the page\'s components listed); under Kraken the page stays Kraken\'s', async () => {
    const refused = await startExchange({ scenario: scenario('Kraken API'), clock: 'manual' }).then(() => undefined, (e: unknown) => e);
    expect(refused).toBeInstanceOf(ScenarioError);
    expect(String((refused as Error).message)).toContain('no status component named "Kraken API" (components: Binance API, REST API, Websocket,');
    ex = await startExchange({ scenario: scenario('Kraken API', 'kraken'), clock: 'manual' });
    const { page, components } = await get('/api/v2/components.json');
    expect([page.name, components[0].name]).toEqual(['Kraken', 'Kraken API']);
  });
});
