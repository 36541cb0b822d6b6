import type { Route } from '../route.js';
import { accountRoutes } from './account.js';
import { cancelReplaceRoutes } from './cancel-replace.js';
import { generalRoutes } from './general.js';
import { marketRoutes } from './market.js';
import { orderQueryRoutes } from './order-queries.js';
import { orderRoutes } from './orders.js';
import { otherMarketRoutes } from './other-markets.js';
import { tickerRoutes } from './tickers.js';
import { tradeHistoryRoutes } from './trade-history.js';
import { userStreamRoutes } from './user-stream.js';
import { walletRoutes } from './wallet.js';

/** Every Binance REST route, in one explicit list. */
export const ROUTES: readonly Route[] = [...generalRoutes, ...marketRoutes, ...tradeHistoryRoutes, ...tickerRoutes, ...accountRoutes, ...orderRoutes, ...cancelReplaceRoutes, ...orderQueryRoutes,
  ...userStreamRoutes, ...walletRoutes, ...otherMarketRoutes,
];
