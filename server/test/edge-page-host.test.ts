import { describe, expect, it } from 'vitest';
import { createExchange } from '../src/app.js';
import { createKrakenService } from '../src/api/kraken/rest/service.js';
import { edgePage } from '../src/faults/pages.js';

const title = (body: string): string | undefined => /<title>([^<]*)<\/title>/.exec(body)?.[1];

describe('edge pages name the host the dialect gives them', () => {
  it('the page names the given host, or none', () => {
    expect(title(edgePage(502, 'cloudflare', 'abc', 'api.other.test').body)).toBe('api.other.test | 502: Bad gateway');
    expect(title(edgePage(503, 'cloudflare', 'abc').body)).toBe('503: Service unavailable');
  });

  it('Kraken\'s REST layer passes api.kraken.com to a status fault and an ambiguous commit', async () => {
    const { exchange, clock, engine } = await createExchange({
      scenario: { name: 'pages', timeline: [{ name: 'down', faults: [
        { match: { route: 'Time' }, effect: { kind: 'status', status: 503 } },
        { match: { route: 'Assets' }, effect: { kind: 'ambiguous' } },
      ] }] },
      clock: 'manual',
    });
    const serve = createKrakenService(exchange, clock, engine);
    const call = (method: string): { status: number; body: string } => {
      const action = serve({ method: 'GET', path: `/0/public/${method}`, query: '', headers: {}, body: '' }).finish();
      if (action.kind !== 'respond') throw new Error(`expected a page, got ${action.kind}`);
      return action;
    };
    expect(title(call('Time').body)).toBe('api.kraken.com | 503: Service unavailable');
    expect(title(call('Assets').body)).toBe('api.kraken.com | 502: Bad gateway');
  });
});
