import { beforeEach, describe, expect, it } from 'vitest';
import { assetByCode } from '../src/exchange/assets.js';
import { dec } from '../src/exchange/decimal.js';
import { testExchange, type TestExchange } from './kraken-client.js';

describe('funding over REST', () => {
  let t: TestExchange;
  beforeEach(async () => {
    t = await testExchange();
  });

  it('lists deposit methods and stable deposit addresses (a new one on request)', async () => {
    const methods = await t.client.post('DepositMethods', { asset: 'XBT' });
    expect(methods.result).toEqual([{ method: 'Bitcoin', limit: false, fee: '0.0000000000', 'gen-address': true, minimum: '0.00010000' }]);
    const first = (await t.client.post('DepositAddresses', { asset: 'XBT', method: 'Bitcoin' })).result;
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ expiretm: '0', new: true });
    expect(first[0].address).toMatch(/^(1|3|bc1)[a-zA-Z0-9]{20,}$/);
    const again = (await t.client.post('DepositAddresses', { asset: 'XBT', method: 'Bitcoin' })).result;
    expect(again).toEqual([{ address: first[0].address, expiretm: '0' }]);
    const fresh = (await t.client.post('DepositAddresses', { asset: 'XBT', method: 'Bitcoin', new: true })).result;
    expect(fresh).toHaveLength(2);
    expect(fresh[0].new).toBe(true);
    expect((await t.client.post('DepositAddresses', { asset: 'XBT', method: 'Ether (Hex)' })).error).toEqual(['EFunding:No funding method']);
    expect((await t.client.post('DepositMethods', { asset: 'NOPE' })).error).toEqual(['EFunding:Unknown asset']);
  });

  it('a deposit is Pending until its confirmations pass, then credited with a deposit ledger entry', async () => {
    const d = t.exchange.funding.deposit('default', assetByCode('BTC'), dec('0.5'), t.clock.now());
    let list = (await t.client.post('DepositStatus', { asset: 'XBT' })).result;
    expect(list).toEqual([expect.objectContaining({ method: 'Bitcoin', asset: 'XXBT', refid: d.refid, amount: '0.5000000000', status: 'Pending' })]);
    expect(list[0].txid).toMatch(/^[0-9a-f]{64}$/);
    expect((await t.client.post('Balance')).result.XXBT).toBe('2.0000000000');
    t.clock.advance(3 * 600_000 - 1);
    expect((await t.client.post('DepositStatus')).result[0].status).toBe('Pending');
    t.clock.advance(1);
    list = (await t.client.post('DepositStatus')).result;
    expect(list[0].status).toBe('Success');
    expect((await t.client.post('Balance')).result.XXBT).toBe('2.5000000000');
    const ledger = Object.values((await t.client.post('Ledgers', { type: 'deposit' })).result.ledger);
    expect(ledger).toEqual([expect.objectContaining({ refid: d.refid, type: 'deposit', asset: 'XXBT', amount: '0.5000000000', balance: '2.5000000000' })]);
  });

  it('a withdrawal debits amount at once, then goes Initial → Pending → Success', async () => {
    const info = await t.client.post('WithdrawInfo', { asset: 'XBT', key: 'btc-wallet-1', amount: '0.5' });
    expect(info.result).toEqual({ method: 'Bitcoin', limit: '2.0000000000', amount: '0.4998500000', fee: '0.0001500000' });
    const r = await t.client.post('Withdraw', { asset: 'XBT', key: 'btc-wallet-1', amount: '0.5' });
    expect(r.result.refid).toMatch(/^F[A-Za-z0-9]{6}-[A-Za-z0-9]{22}$/);
    expect((await t.client.post('Balance')).result.XXBT).toBe('1.5000000000');
    let w = (await t.client.post('WithdrawStatus', { asset: 'XBT' })).result[0];
    expect(w).toMatchObject({ refid: r.result.refid, status: 'Initial', amount: '0.4998500000', fee: '0.0001500000', key: 'btc-wallet-1', network: 'Bitcoin' });
    t.clock.advance(5_000);
    w = (await t.client.post('WithdrawStatus')).result[0];
    expect(w.status).toBe('Pending');
    expect(w.txid).toMatch(/^[0-9a-f]{64}$/);
    t.clock.advance(3 * 600_000);
    expect((await t.client.post('WithdrawStatus')).result[0].status).toBe('Success');
    const cursor = (await t.client.post('WithdrawStatus', { cursor: true })).result;
    expect(cursor.withdrawals).toHaveLength(1);
    expect(await t.client.post('WithdrawCancel', { asset: 'XBT', refid: r.result.refid })).toEqual({ error: [], result: false });
  });

  it('a withdrawal cancelled while Initial returns the funds; errors are Kraken\'s', async () => {
    const r = await t.client.post('Withdraw', { asset: 'XBT', key: 'btc-wallet-1', amount: '0.5' });
    expect(await t.client.post('WithdrawCancel', { asset: 'XBT', refid: r.result.refid })).toEqual({ error: [], result: true });
    expect((await t.client.post('Balance')).result.XXBT).toBe('2.0000000000');
    expect((await t.client.post('WithdrawStatus')).result[0]).toMatchObject({ status: 'Failure', 'status-prop': 'canceled' });
    t.clock.advance(60_000);
    expect((await t.client.post('WithdrawStatus')).result[0].status).toBe('Failure');
    expect((await t.client.post('Withdraw', { asset: 'XBT', key: 'nope', amount: '0.5' })).error).toEqual(['EFunding:Unknown withdraw key']);
    expect((await t.client.post('Withdraw', { asset: 'XBT', key: 'btc-wallet-1', amount: '0.0001' })).error).toEqual(['EFunding:Invalid amount']);
    expect((await t.client.post('Withdraw', { asset: 'XBT', key: 'btc-wallet-1', amount: '5' })).error).toEqual(['EOrder:Insufficient funds']);
    expect((await t.client.post('Withdraw', { asset: 'XBT', key: 'btc-wallet-1', amount: '0.5', max_fee: '0.0001' })).error).toEqual(['EFunding:Max fee exceeded']);
    expect((await t.client.post('WithdrawCancel', { asset: 'XBT', refid: 'FXXXXXX-nope' })).error).toEqual(['EFunding:Unknown reference id']);
    expect((await t.client.post('Balance')).result.XXBT).toBe('2.0000000000');
  });

  it('lists withdrawal methods and saved addresses', async () => {
    const methods = (await t.client.post('WithdrawMethods', { asset: 'XBT' })).result;
    expect(methods).toEqual([{ asset: 'XXBT', method: 'Bitcoin', network: 'Bitcoin', minimum: '0.00050000' }]);
    const addrs = (await t.client.post('WithdrawAddresses', { asset: 'XBT' })).result;
    expect(addrs).toEqual([expect.objectContaining({ asset: 'XXBT', method: 'Bitcoin', key: 'btc-wallet-1', verified: true })]);
  });
});
