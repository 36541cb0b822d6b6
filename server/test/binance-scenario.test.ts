import { describe, expect, it } from 'vitest';
import { validateScenario } from '../src/scenario/validate.js';

const withRoutes = (exchange: string | undefined, ...routes: string[]) => ({
  name: 'x', ...(exchange ? { exchange } : {}),
  timeline: [{ name: 'p', faults: routes.map((route) => ({ match: { route }, effect: { kind: 'status', status: 502 } })) }],
});

const messages = (data: unknown, flag?: 'kraken' | 'binance'): string[] => {
  const r = validateScenario(data, flag);
  return r.ok ? [] : r.problems.map((p) => p.message);
};

describe('a scenario\'s exchange: decides which route names its faults may use', () => {
  it('exchange: binance knows Binance route ids and globs, and refuses Kraken method names', () => {
    expect(messages(withRoutes('binance', 'GET /api/v3/depth', 'GET /api/v3/ticker/*', 'private/*'))).toEqual([]);
    expect(messages(withRoutes('binance', 'Ticker'))).toEqual(['"Ticker" matches no Binance method']);
  });

  it('a near miss gets a did-you-mean with the Binance id', () => {
    expect(messages(withRoutes('binance', 'GET /api/v3/dpth'))).toEqual(['"GET /api/v3/dpth" matches no Binance method (did you mean "GET /api/v3/depth"?)']);
  });

  it('without exchange: it is Kraken, and the command line\'s choice overrides the scenario\'s', () => {
    expect(messages(withRoutes(undefined, 'GET /api/v3/depth'))).toEqual(['"GET /api/v3/depth" matches no Kraken method']);
    expect(messages(withRoutes('kraken', 'GET /api/v3/depth'), 'binance')).toEqual([]);
    expect(messages(withRoutes('binance', 'Ticker'), 'kraken')).toEqual([]);
  });

  it('an unknown exchange is a schema error naming the choices', () => {
    expect(messages({ name: 'x', exchange: 'bitstamp' }).join()).toMatch(/kraken.*binance/);
  });
});

describe('a built-in scenario served as another exchange than it was written for', () => {
  it('a built-in whose faults name Kraken methods is refused under --exchange binance, saying why (its faults would never fire: a calm run judged as an outage)', async () => {
    const { startExchange, ScenarioError } = await import('../src/app.js');
    const { compiledBuiltin } = await import('../src/scenario/compiled.js');
    // As `serve` loads a built-in: compiled by the build, not validated again.
    const compiled = await compiledBuiltin('demo', new URL('../../dist/cli/scenarios.json', import.meta.url));
    for (const scenario of [compiled, 'demo']) {
      const started = startExchange({ scenario: scenario ?? 'demo', exchange: 'binance', clock: 'manual', port: 0 });
      await expect(started).rejects.toBeInstanceOf(ScenarioError);
      await expect(started).rejects.toThrow(/matches no Binance method/);
    }
    // Under Kraken, and a built-in with no faults under Binance, start as before.
    for (const [scenario, exchange] of [['demo', 'kraken'], ['calm', 'binance']] as const) {
      const ok = await startExchange({ scenario, exchange, clock: 'manual', port: 0 });
      await ok.close();
    }
  });
});
