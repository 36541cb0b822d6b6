import type { Route } from '../route.js';
import { accountRoutes } from './account.js';
import { fundingRoutes } from './funding.js';
import { orderRoutes } from './orders.js';
import { positionRoutes } from './positions.js';
import { publicRoutes } from './public.js';

/** Every Kraken REST method the mock serves: the one route table all transports share. */
export const ROUTES: readonly Route[] = [...publicRoutes, ...accountRoutes, ...positionRoutes, ...orderRoutes, ...fundingRoutes];
