import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { auditExchange } from '../server/src/control/audit.js';
import { testExchange, type TestExchange } from '../server/test/kraken-client.js';
import { audited } from './library-helpers.js';

const MINUTE = 60_000;

describe('rate-limit-ban-storm', () => {
  let t: TestExchange;
  beforeEach(async () => {
    t = audited(await testExchange({ scenario: 'rate-limit-ban-storm' }));
    t.clock.advance(5 * MINUTE); // into the surge
  });

  it('B19 B20: a bot retrying at once (10/s) gets Busy, then EAPI:Rate limit exceeded, then EGeneral:Temporary lockout', async () => {
    const errors: string[] = [];
    for (let i = 0; i < 200; i++) {
      errors.push((await t.client.post('Balance')).error[0] ?? 'ok');
      t.clock.advance(100);
    }
    const first = (e: string): number => errors.indexOf(e);
    expect(errors.filter((e) => e === 'EService:Busy').length).toBeGreaterThan(0);
    expect(first('EAPI:Rate limit exceeded')).toBeGreaterThan(0);
    expect(first('EGeneral:Temporary lockout')).toBeGreaterThan(first('EAPI:Rate limit exceeded'));
    expect(errors.slice(-20).every((e) => e === 'EGeneral:Temporary lockout' || e === 'EService:Busy')).toBe(true);
  });

  it('B14 B20: a polite bot (one call every 5 s) sees Busy now and then but never a rate-limit error', async () => {
    const errors = new Set<string>();
    for (let i = 0; i < 120; i++) {
      errors.add((await t.client.post('Balance')).error[0] ?? 'ok');
      t.clock.advance(5_000);
    }
    expect([...errors].sort()).toEqual(['EService:Busy', 'ok']);
  });

  it('B20: polling public data 5 times a second earns Too many requests, then an IP ban (403, Cloudflare error 1020)', async () => {
    const statuses: string[] = [];
    for (let i = 0; i < 100; i++) {
      const r = await request(t.app).get('/0/public/Ticker').query({ pair: 'XBTUSD' });
      statuses.push(r.status === 200 ? (r.body.error[0] ?? 'ok') : String(r.status));
      t.clock.advance(200);
    }
    expect(statuses).toContain('EGeneral:Too many requests');
    // Banned at the edge; the odd Cloudflare 520 the surge scripts still comes through.
    expect(statuses.slice(-10).every((s) => s === '403' || s === '520')).toBe(true);
    expect(statuses.slice(-10)).toContain('403');
    const ban = await request(t.app).get('/0/public/Time');
    expect(ban.text).toContain('Error 1020');
  });

  it('B1: the busy rate ramps up across the surge; after recovery everything answers', async () => {
    const busyShare = async (): Promise<number> => {
      let busy = 0;
      for (let i = 0; i < 60; i++) {
        if ((await t.client.post('Balance')).error[0] === 'EService:Busy') busy++;
        t.clock.advance(5_000);
      }
      return busy / 60;
    };
    const early = await busyShare(); // minutes 5-10 of the run: the start of the surge
    t.clock.advance(4 * MINUTE);
    const late = await busyShare(); // minutes 14-19: the end of the surge
    expect(late).toBeGreaterThan(early);
    t.clock.advance(20 * MINUTE); // through shedding (whose scripted latency would hold each call) into recovery
    expect((await t.client.post('Balance')).error).toEqual([]);
    expect((await request(t.app).get('/0/public/SystemStatus')).body.result.status).toBe('online');
    expect(auditExchange(t.exchange)).toEqual([]);
  });
});
