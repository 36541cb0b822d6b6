import { describe, expect, it } from 'vitest';
import { faultError } from '../src/api/error-words.js';
import { binanceProblem } from '../src/api/binance/error-words.js';
import { binanceFaultError, policyRefusal } from '../src/api/binance/rest/fault-errors.js';
import { krakenErrorText, krakenProblem } from '../src/api/kraken/error-words.js';
import { krakenFaultError } from '../src/api/kraken/rest/fault-errors.js';
import { NEUTRAL_ERROR_NAMES } from '../src/exchange/neutral-errors.js';
import { errorFault } from '../src/faults/kinds/error.js';
import type { ErrorRenderer } from '../src/faults/kinds/kind.js';

const NOW = 1_700_000_000_000;
const binance = (text: string) => binanceFaultError(faultError(text), NOW);
const kraken = (text: string) => JSON.parse(krakenFaultError(faultError(text), NOW).body).error[0] as string;
/** What an `error` fault (its schema's default applied) answers through a dialect's renderer. */
const fault = (renderError: ErrorRenderer, error?: string) => {
  const effect = errorFault.schema.parse({ kind: 'error', ...(error === undefined ? {} : { error }) });
  return errorFault.outcomes(effect, { rng: undefined as never, rayId: () => 'x', host: undefined, renderError, now: NOW });
};

describe('neutral errors in each dialect\'s words', () => {
  it('Binance renders neutral names with exact code, text and HTTP status', () => {
    expect(binance('busy')).toMatchObject({ status: 503, body: JSON.stringify({ code: -1008, msg: 'Server is currently overloaded with other requests. Please try again in a few minutes.' }) });
    expect(binance('unavailable')).toMatchObject({ status: 503, body: JSON.stringify({ code: -1001, msg: 'Internal error; unable to process your request. Please try again.' }) });
    expect(binance('rate-limited')).toMatchObject({ status: 429, body: JSON.stringify({ code: -1003, msg: 'Too much request weight used; current limit is 6000 request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.' }) });
    expect(binance('locked-out')).toEqual({ status: 418, headers: { 'content-type': 'application/json;charset=UTF-8', 'retry-after': '120' },
      body: JSON.stringify({ code: -1003, msg: `Way too much request weight used; IP banned until ${NOW + 120_000}. Please use WebSocket Streams for live updates to avoid bans.` }) });
    expect(binance('invalid-nonce')).toMatchObject({ status: 400, body: JSON.stringify({ code: -1021, msg: 'Timestamp for this request is outside of the recvWindow.' }) });
    expect(binance('execution-unknown')).toMatchObject({ status: 503, body: JSON.stringify({ code: -1007, msg: 'Timeout waiting for response from backend server. Send status unknown; execution status unknown.' }) });
  });

  it('Kraken renders neutral names as its error strings in its HTTP-200 envelope', () => {
    expect(krakenFaultError(faultError('busy'), NOW)).toEqual({ status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: '{"error":["EService:Busy"]}' });
    expect(kraken('rate-limited')).toBe('EAPI:Rate limit exceeded');
    expect(kraken('locked-out')).toBe('EGeneral:Temporary lockout');
    expect(kraken('market-closed')).toBe('EService:Unavailable');
    expect(kraken('cancel-only')).toBe('EService:Market in cancel_only mode');
  });

  it('a literal is served as given by its own dialect, through its neutral meaning by the other', () => {
    expect(kraken('EService:Busy')).toBe('EService:Busy');
    expect(kraken('EGeneral:Too many requests')).toBe('EGeneral:Too many requests');
    expect(binance('-1008: my own text')).toMatchObject({ status: 503, body: JSON.stringify({ code: -1008, msg: 'my own text' }) });
    expect(binance('EService:Busy')).toMatchObject({ status: 503, body: JSON.stringify({ code: -1008, msg: 'Server is currently overloaded with other requests. Please try again in a few minutes.' }) });
    expect(binance('EGeneral:Temporary lockout').status).toBe(418);
    expect(kraken('-1003')).toBe('EAPI:Rate limit exceeded');
    expect(kraken('-1021')).toBe('EAPI:Invalid nonce');
    // Unknown meaning: the served dialect's `unavailable`.
    expect(binance('EFunding:Unknown withdraw key')).toMatchObject({ status: 503, body: expect.stringContaining('-1001') });
    expect(kraken('-1121')).toBe('EService:Unavailable');
  });

  it('free text no dialect owns (a WebSocket reject) reaches Kraken as given', () => {
    expect(krakenErrorText(faultError('Exceeded msg rate'))).toBe('Exceeded msg rate');
    expect(krakenErrorText(faultError('Something odd'))).toBe('Something odd');
  });

  it('an `error` fault defaults to `unavailable`: Kraken\'s EService:Unavailable (as before), Binance\'s -1001', () => {
    expect(fault(krakenFaultError)).toEqual([{ kind: 'replace', action: { kind: 'respond', status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: '{"error":["EService:Unavailable"]}' } }]);
    expect(fault(binanceFaultError)[0]).toMatchObject({ action: { status: 503, body: expect.stringContaining('"code":-1001') } });
    expect(fault(binanceFaultError, 'busy')[0]).toMatchObject({ action: { status: 503, body: expect.stringContaining('"code":-1008') } });
    expect(errorFault.schema.safeParse({ kind: 'error', error: 'Not An Error' }).success).toBe(false);
  });

  it('classifies native errors back to neutral ones (Kraken strings; Binance code, text and status)', () => {
    expect(krakenProblem('EGeneral:Temporary lockout')).toBe('locked-out');
    expect(krakenProblem('EService:Throttled: 1700000000')).toBe('busy');
    expect(krakenProblem('EGeneral:Internal error:5')).toBe('internal');
    expect(krakenProblem('EQuery:Unknown asset pair')).toBeUndefined();
    expect(binanceProblem(-1003, 'Too much request weight used; …', 429)).toBe('rate-limited');
    expect(binanceProblem(-1003, 'Way too much request weight used; IP banned until 1. …', 418)).toBe('locked-out');
    expect(binanceProblem(-1015, 'Too many new orders.', 429)).toBe('rate-limited');
    expect(binanceProblem(-2010, 'Account has insufficient balance for requested action.', 400)).toBe('insufficient-funds');
    expect(binanceProblem(-1013, 'Market is closed.', 400)).toBe('market-closed');
    expect(binanceProblem(-1121, 'Invalid symbol.', 400)).toBeUndefined();
    // Every neutral error rendered by Binance classifies back to itself, or to one sharing its reply.
    for (const name of NEUTRAL_ERROR_NAMES) {
      const { status, body } = binance(name);
      const { code, msg } = JSON.parse(body) as { code: number; msg: string };
      const back = binanceProblem(code, msg, status)!;
      expect(binance(back).body.replace(/\d{13}/, ''), name).toBe(body.replace(/\d{13}/, ''));
    }
  });

  it('an order policy\'s rejectWith: Binance keeps "Rest API trading is not enabled." for unavailable, renders other neutral names', () => {
    expect(policyRefusal('unavailable', NOW)).toEqual({ code: -2010, msg: 'Rest API trading is not enabled.', status: 400 });
    expect(policyRefusal('EService:Unavailable', NOW)).toEqual({ code: -2010, msg: 'Rest API trading is not enabled.', status: 400 });
    expect(policyRefusal('market-closed', NOW)).toEqual({ code: -1013, msg: 'Market is closed.', status: 400 });
    expect(policyRefusal('EOrder:Insufficient funds', NOW)).toMatchObject({ code: -2010, msg: 'Account has insufficient balance for requested action.' });
  });
});

describe('validation of neutral error names', () => {
  it('a misspelt neutral name is refused with did-you-mean, in faults and order policies', async () => {
    const r = errorFault.schema.safeParse({ kind: 'error', error: 'unavailabel' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(/^"unavailabel" is no neutral error \(did you mean "unavailable"\?\); known: unavailable, busy/);
    const { orderPolicySchema } = await import('../src/scenario/timeline-schema.js');
    expect(orderPolicySchema.safeParse({ new: 'reject', rejectWith: 'market-clsed' }).error?.issues[0]?.message).toContain('did you mean "market-closed"');
    expect(orderPolicySchema.parse({ new: 'reject', rejectWith: 'busy' }).rejectWith).toBe('busy');
  });
});
