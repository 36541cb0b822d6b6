import { BAD_COMBINATION, invalidValue, Refusal } from '../errors.js';
import { rateLimitsInForce, symbolInfo } from '../exchange-info.js';
import { success, type Route } from '../route.js';

const STATUSES = ['TRADING', 'HALT', 'BREAK'];

/** `ping`, `time` and `exchangeInfo`: what clients call at start-up. */
export const generalRoutes: Route[] = [
  { security: 'NONE', method: 'GET', path: '/api/v3/ping', weight: () => 1, handle: () => success({}) },
  { security: 'NONE', method: 'GET', path: '/api/v3/time', weight: () => 1, handle: ({ now }) => success({ serverTime: now }) },
  {
    security: 'NONE', method: 'GET', path: '/api/v3/exchangeInfo', weight: () => 20,
    handle: ({ params, exchange, now }) => {
      const chosen = params.markets(exchange);
      const status = params.str('symbolStatus');
      if (status !== undefined && chosen) throw new Refusal(BAD_COMBINATION);
      if (status !== undefined && !STATUSES.includes(status)) throw new Refusal(invalidValue('symbolStatus'));
      let symbols = (chosen?.markets ?? [...exchange.markets.values()]).map((m) => symbolInfo(exchange, m, now));
      if (status !== undefined) symbols = symbols.filter((s) => s.status === status);
      return success({ timezone: 'UTC', serverTime: now, rateLimits: rateLimitsInForce(exchange, now), exchangeFilters: [], symbols });
    },
  },
];
