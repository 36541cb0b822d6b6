import { describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../exchange/operations.js';
import { REST_OPERATIONS, restOperation, wsOperation } from './operations.js';
import { ROUTES } from './rest/routes/index.js';
import { WS_REQUESTS } from './ws/names.js';

describe('Kraken\'s names map to neutral operations', () => {
  it('every REST method of the route table has an operation, and the table names no other method', () => {
    expect(ROUTES.filter((r) => restOperation(r.id) === undefined).map((r) => r.id)).toEqual([]);
    expect([...REST_OPERATIONS.keys()].sort()).toEqual(ROUTES.map((r) => r.id).sort());
  });

  it('every WebSocket request has an operation; a subscribe with an account is a private one', () => {
    expect(WS_REQUESTS.filter((n) => wsOperation(n, false) === undefined)).toEqual([]);
    expect([wsOperation('subscribe', false), wsOperation('subscribe', true)]).toEqual(['subscribe', 'subscribe-private']);
    expect([wsOperation('cancel_all_orders_after', false), wsOperation('cancelAllOrdersAfter', true), restOperation('CancelAllOrdersAfter')]).toEqual(['cancel-after', 'cancel-after', 'cancel-after']);
  });

  it('maps only to operations the core defines, and unknown names to none', () => {
    for (const op of REST_OPERATIONS.values()) expect(Object.keys(OPERATIONS)).toContain(op);
    expect([restOperation('/favicon.ico'), restOperation('constructor'), wsOperation('heartbeat', false)]).toEqual([undefined, undefined, undefined]);
  });
});
