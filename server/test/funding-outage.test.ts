import { describe, expect, it } from 'vitest';
import { assetByCode } from '../src/exchange/assets.js';
import { dec } from '../src/exchange/decimal.js';
import type { ScenarioInput } from '../src/scenario/schema.js';
import { testExchange, type TestExchange } from './kraken-client.js';

// Deposits and withdrawals across a funding outage made of several consecutive phases. A BTC
// deposit needs 3 confirmations of 10 minutes: 30 minutes after the outage it was made in ends.

const START = Date.UTC(2026, 0, 1);
const MIN = 60_000;
const SECRET = Buffer.alloc(64, 9).toString('base64');
const account = { name: 'bot', key: 'bot-key-000001', secret: SECRET, balances: { USD: '100000', XBT: '2' } };
const held = { deposits: 'delay', withdrawals: 'queue' } as const;

async function run(timeline: ScenarioInput['timeline'], loop = false): Promise<TestExchange> {
  return testExchange({ scenario: { name: 't', market: { pairs: { 'XBT/USD': { price: 50000 } } }, accounts: [account], timeline, loop } });
}

/** Deposits 0.1 BTC at `at` minutes; resolves to the minute it was credited (undefined: still pending at `until` minutes). */
async function creditedAfter(t: TestExchange, at: number, until: number): Promise<number | undefined> {
  t.clock.advanceTo(START + at * MIN);
  const d = t.exchange.funding.deposit('bot', assetByCode('BTC'), dec('0.1'), t.clock.now());
  t.clock.advanceTo(START + until * MIN);
  await t.client.post('Balance');
  return d.creditedAt === undefined ? undefined : (d.creditedAt - START) / MIN;
}

/** Phase A delays funding for 45 minutes, phase B for 10 more: one outage of 55 minutes. */
const TWO_PHASES: ScenarioInput['timeline'] = [
  { name: 'gateways-down', duration: '45m', funding: held },
  { name: 'wallets-rescanning', duration: '10m', funding: { ...held, withdrawals: 'reject' } },
  { name: 'resolved' },
];

describe('a deposit made during a funding outage of consecutive phases', () => {
  it('regression: made in the first phase, it is credited after the whole outage plus confirmations (+85 min, not +75)', async () => {
    const t = await run(TWO_PHASES);
    expect(await creditedAfter(t, 0, 84)).toBeUndefined();
    expect((await t.client.post('DepositStatus')).result[0].status).toBe('Pending');
    t.clock.advanceTo(START + 85 * MIN);
    expect((await t.client.post('DepositStatus')).result[0].status).toBe('Success');
    expect((await t.client.post('Balance')).result.XXBT).toBe('2.1000000000');
  });

  it('made in the second phase, or late in an outage, it still waits for the end plus confirmations', async () => {
    expect(await creditedAfter(await run(TWO_PHASES), 50, 120)).toBe(85);
    expect(await creditedAfter(await run([{ name: 'down', duration: '45m', funding: held }, { name: 'up' }]), 40, 120)).toBe(75);
  });

  it('made after the outage, it is credited after its confirmations alone', async () => {
    expect(await creditedAfter(await run(TWO_PHASES), 55, 120)).toBe(85);
    expect(await creditedAfter(await run(TWO_PHASES), 60, 120)).toBe(90);
  });

  it('a phase that delays other assets only does not hold it; an outage that starts before it is confirmed does', async () => {
    const timeline: ScenarioInput['timeline'] = [
      { name: 'gateways-down', duration: '45m', funding: held },
      { name: 'eth-paused', duration: '10m', funding: { ...held, assets: ['ETH'] } },
      { name: 'calm', duration: '30m' },
      { name: 'down-again', duration: '1h', funding: held },
      { name: 'resolved' },
    ];
    expect(await creditedAfter(await run(timeline), 0, 200)).toBe(45 + 30);
    // Made at +70: its confirmations end at +100, in the second outage, which ends at +145.
    expect(await creditedAfter(await run(timeline), 70, 200)).toBe(145 + 30);
  });

  it('the queued withdrawal of the same outage waits for its whole length too', async () => {
    const t = await run(TWO_PHASES);
    const refid = (await t.client.post('Withdraw', { asset: 'XBT', key: 'btc-wallet-1', amount: '0.5' })).result.refid;
    t.clock.advanceTo(START + 55 * MIN - 1);
    expect((await t.client.post('WithdrawStatus')).result[0]).toMatchObject({ refid, status: 'Initial' });
    t.clock.advanceTo(START + 55 * MIN);
    expect((await t.client.post('WithdrawStatus')).result[0]).toMatchObject({ refid, status: 'Pending', time: (START + 55 * MIN) / 1000 });
  });
});

describe('a deposit during an outage on a looping timeline', () => {
  /** Each 85-minute cycle: held 10 min, calm 1 h, held 15 min; the last and the next cycle's first make one 25-minute outage. */
  const LOOP: ScenarioInput['timeline'] = [
    { name: 'held-early', duration: '10m', funding: held },
    { name: 'calm', duration: '1h' },
    { name: 'held-late', duration: '15m', funding: held },
  ];

  it('follows the outage into the next cycle', async () => {
    expect(await creditedAfter(await run(LOOP, true), 80, 300)).toBe(85 + 10 + 30);
  });

  it('in a later cycle, it is credited after that cycle\'s outage', async () => {
    expect(await creditedAfter(await run(LOOP, true), 2 * 85 + 5, 400)).toBe(2 * 85 + 10 + 30);
  });

  it('stays pending when every phase of the loop delays it (the outage never ends)', async () => {
    const t = await run([{ name: 'a', duration: '45m', funding: held }, { name: 'b', duration: '10m', funding: held }], true);
    expect(await creditedAfter(t, 0, 12 * 60)).toBeUndefined();
    expect((await t.client.post('DepositStatus')).result[0].status).toBe('Pending');
  });
});
