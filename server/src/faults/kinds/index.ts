import * as z from 'zod';
import type { Outcome } from '../outcome.js';
import type { WsEvent } from '../rules.js';
import { ambiguousFault } from './ambiguous.js';
import { hangFault, resetFault } from './drop.js';
import { emptyFault } from './empty.js';
import { errorFault } from './error.js';
import type { FaultContext } from './kind.js';
import { schemaWords } from '../../scenario/schema-words.js';
import { latencyFault } from './latency.js';
import { dribbleFault, truncateFault } from './mangle.js';
import { statusFault } from './status.js';
import { disconnectFault, refuseFault, stallFault } from './ws-connection.js';
import { corruptChecksumFault, delayMessageFault, dropMessageFault, duplicateMessageFault, freezeFault, reorderMessageFault } from './ws-frames.js';
import { expireTokenFault, rejectRequestFault } from './ws-requests.js';

/** Every fault effect a scenario may use, by `kind` (one entry per kind file). */
export const effectSchema = z.discriminatedUnion('kind', [
  statusFault.schema, errorFault.schema, latencyFault.schema, hangFault.schema, resetFault.schema,
  truncateFault.schema, dribbleFault.schema, emptyFault.schema, ambiguousFault.schema,
  disconnectFault.schema, refuseFault.schema, stallFault.schema, freezeFault.schema, dropMessageFault.schema,
  delayMessageFault.schema, duplicateMessageFault.schema, reorderMessageFault.schema, corruptChecksumFault.schema,
  rejectRequestFault.schema, expireTokenFault.schema,
]).meta({ id: 'faultEffect' }).register(schemaWords, { noun: 'fault' });

export type Effect = z.infer<typeof effectSchema>;

/** The outcomes of one effect for one request; the switch makes adding a kind a compile error until handled. */
export function outcomesOf(effect: Effect, ctx: FaultContext): Outcome[] {
  switch (effect.kind) {
    case 'status': return statusFault.outcomes(effect, ctx);
    case 'error': return errorFault.outcomes(effect, ctx);
    case 'latency': return latencyFault.outcomes(effect, ctx);
    case 'hang': return hangFault.outcomes();
    case 'reset': return resetFault.outcomes();
    case 'truncate': return truncateFault.outcomes();
    case 'dribble': return dribbleFault.outcomes(effect);
    case 'empty': return emptyFault.outcomes(effect);
    case 'ambiguous': return ambiguousFault.outcomes(effect, ctx);
    case 'disconnect': return disconnectFault.outcomes(effect);
    case 'refuse': return refuseFault.outcomes(effect, ctx);
    case 'stall': return stallFault.outcomes();
    case 'freeze': return freezeFault.outcomes();
    case 'drop-message': return dropMessageFault.outcomes();
    case 'delay-message': return delayMessageFault.outcomes(effect, ctx);
    case 'duplicate-message': return duplicateMessageFault.outcomes();
    case 'reorder-message': return reorderMessageFault.outcomes();
    case 'corrupt-checksum': return corruptChecksumFault.outcomes(undefined, ctx);
    case 'reject-request': return rejectRequestFault.outcomes(effect);
    case 'expire-token': return expireTokenFault.outcomes();
  }
}

/** The WebSocket events a kind acts on, or undefined for a REST kind (the two never see each other's traffic). */
export function wsEventsOf(effect: Effect): readonly WsEvent[] | undefined {
  switch (effect.kind) {
    case 'status': case 'error': case 'latency': case 'hang': case 'reset': case 'truncate': case 'dribble': case 'empty': case 'ambiguous':
      return undefined;
    case 'refuse': return ['upgrade'];
    case 'disconnect': case 'stall': return ['open'];
    case 'freeze': return ['feed'];
    case 'drop-message': case 'delay-message': case 'duplicate-message': case 'reorder-message': case 'corrupt-checksum': return ['frame'];
    case 'reject-request': return ['request'];
    case 'expire-token': return ['request', 'session'];
  }
}
