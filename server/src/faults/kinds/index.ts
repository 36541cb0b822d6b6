import { z } from 'zod';
import type { Outcome } from '../outcome.js';
import { ambiguousFault } from './ambiguous.js';
import { hangFault, resetFault } from './drop.js';
import { emptyFault } from './empty.js';
import { errorFault } from './error.js';
import type { FaultContext } from './kind.js';
import { latencyFault } from './latency.js';
import { dribbleFault, truncateFault } from './mangle.js';
import { statusFault } from './status.js';

/** Every fault effect a scenario may use, by `kind` (one entry per kind file). */
export const effectSchema = z.discriminatedUnion('kind', [
  statusFault.schema, errorFault.schema, latencyFault.schema, hangFault.schema, resetFault.schema,
  truncateFault.schema, dribbleFault.schema, emptyFault.schema, ambiguousFault.schema,
]);

export type Effect = z.infer<typeof effectSchema>;

/** The outcomes of one effect for one request; the switch makes adding a kind a compile error until handled. */
export function outcomesOf(effect: Effect, ctx: FaultContext): Outcome[] {
  switch (effect.kind) {
    case 'status': return statusFault.outcomes(effect, ctx);
    case 'error': return errorFault.outcomes(effect);
    case 'latency': return latencyFault.outcomes(effect, ctx);
    case 'hang': return hangFault.outcomes();
    case 'reset': return resetFault.outcomes();
    case 'truncate': return truncateFault.outcomes();
    case 'dribble': return dribbleFault.outcomes(effect);
    case 'empty': return emptyFault.outcomes(effect);
    case 'ambiguous': return ambiguousFault.outcomes(effect, ctx);
  }
}
