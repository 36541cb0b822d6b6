import * as z from 'zod';
import type { FaultKind } from './kind.js';

/** WebSocket: a client request (a subscribe, an add_order…) is answered with an error (rendered by the dialect, see faultError) instead of being carried out. */
export const rejectRequestFault = {
  schema: z.strictObject({
    kind: z.literal('reject-request'),
    error: z.string().min(1).max(200).optional()
      .describe('A neutral error (default "unavailable"; see docs/scenarios.md), a dialect\'s literal, or free text the dialect sends as given.'),
  }),
  outcomes: (e) => [{ kind: 'ws', action: { do: 'reject', error: e.error ?? 'unavailable' } }],
} satisfies FaultKind<'reject-request'>;

/**
 * WebSocket: the token a private request carries is revoked, as if it had expired; the client must
 * fetch a new one. Where a connection holds its credential for its lifetime (a listen key, a
 * user-data subscription) that credential ends, as the connection opens and at each phase start.
 */
export const expireTokenFault = {
  schema: z.strictObject({ kind: z.literal('expire-token') }),
  outcomes: () => [{ kind: 'ws', action: { do: 'expire-token' } }],
} satisfies FaultKind<'expire-token'>;
