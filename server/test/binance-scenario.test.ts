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
  it('the built-ins name neutral operations, so demo (compiled or loaded) starts under --exchange binance; a scenario naming Kraken methods is still refused, saying why', async () => {
    const { startExchange, ScenarioError } = await import('../src/app.js');
    const { compiledBuiltin } = await import('../src/scenario/compiled.js');
    // As `serve` loads a built-in: compiled by the build, not validated again.
    const compiled = await compiledBuiltin('demo', new URL('../../dist/cli/scenarios.json', import.meta.url));
    for (const scenario of [compiled ?? 'demo', 'demo']) {
      const ok = await startExchange({ scenario, exchange: 'binance', clock: 'manual', port: 0 });
      await ok.close();
    }
    const kraken = { name: 'k', timeline: [{ name: 'p', faults: [{ match: { route: 'AddOrder' }, effect: { kind: 'status' as const, status: 502 } }] }] };
    const started = startExchange({ scenario: kraken, exchange: 'binance', clock: 'manual', port: 0 });
    await expect(started).rejects.toBeInstanceOf(ScenarioError);
    await expect(started).rejects.toThrow(/matches no Binance method/);
  });
});
