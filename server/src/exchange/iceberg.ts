import type { Dec } from './decimal.js';

/**
 * Why an iceberg's display quantity is refused for an order of `volume`, or undefined when it is
 * fine: it must be positive, at most the volume, and at least 1/15 of it (the minimum Kraken's API documents).
 */
export function displayProblem(display: Dec, volume: Dec): 'not_positive' | 'over_volume' | 'under_minimum' | undefined {
  if (display <= 0n) return 'not_positive';
  if (display > volume) return 'over_volume';
  if (display * 15n < volume) return 'under_minimum';
  return undefined;
}
