import { InvalidArgument } from '../params.js';
import { success, type Route } from '../route.js';

/**
 * Margin-position methods. The mock is a spot exchange, so an account never holds a position:
 * OpenPositions answers what Kraken answers a spot-only account, an empty object keyed by position
 * id, or an empty list when consolidated by market (the shape ccxt's fetchPositions asks for).
 */
export const positionRoutes: Route[] = [
  {
    id: 'OpenPositions', visibility: 'private', permission: 'query',
    handle: ({ params }) => {
      params.list('txid');
      params.bool('docalcs');
      const consolidation = params.optStr('consolidation');
      if (consolidation !== undefined && consolidation !== 'market') throw new InvalidArgument('consolidation');
      return success(consolidation === 'market' ? [] : {});
    },
  },
];
