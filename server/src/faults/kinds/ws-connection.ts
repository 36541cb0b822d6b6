import * as z from 'zod';
import { parseDuration } from '../../clock/duration.js';
import { durationSchema } from '../../scenario/schema-common.js';
import { edgePage } from '../pages.js';
import type { FaultKind } from './kind.js';

/** Close codes a scenario may choose; 1006 means no close frame at all (the TCP connection just ends). */
const CLOSE_CODES = [1000, 1001, 1006, 1008, 1011, 1012, 1013, 1014];

const REASONS: Record<number, string> = {
  1000: 'Normal closure', 1001: 'Going away', 1006: '', 1008: 'Policy violation', 1011: 'Internal error',
  1012: 'Service restart', 1013: 'Market data unavailable', 1014: 'Bad gateway',
};

/**
 * WebSocket: close connections, each when it opens and every open one when the phase starts;
 * abruptly (1006, no close frame) by default, or with a chosen code, now or `after` a while.
 */
export const disconnectFault = {
  schema: z.strictObject({
    kind: z.literal('disconnect'),
    code: z.number().int().refine((c) => CLOSE_CODES.includes(c) || (c >= 3000 && c <= 4999), { message: `expected one of ${CLOSE_CODES.join(', ')} or 3000-4999` })
      .optional().describe('Close code (default 1006: dropped without a close frame). 1013 = "try again later".'),
    reason: z.string().max(120).optional().describe('Close reason text (default: the code\'s usual reason, e.g. 1013 "Market data unavailable").'),
    after: durationSchema.optional().describe('How long after it opens (or the phase starts) the connection is closed (default at once).'),
  }),
  outcomes: (e) => {
    const code = e.code ?? 1006;
    return [{ kind: 'ws', action: { do: 'disconnect', code, reason: e.reason ?? REASONS[code] ?? '', afterMs: e.after ? (parseDuration(e.after) as number) : 0 } }];
  },
} satisfies FaultKind<'disconnect'>;

/** WebSocket: connection attempts are refused with an HTTP error page instead of the upgrade (429, 502, 503). */
export const refuseFault = {
  schema: z.strictObject({
    kind: z.literal('refuse'),
    status: z.union([z.literal(403), z.literal(429), z.literal(500), z.literal(502), z.literal(503), z.literal(504)]).optional().describe('HTTP status (default 503).'),
  }),
  outcomes: (e, ctx) => {
    const status = e.status ?? 503;
    const page = edgePage(status, status === 500 ? 'plain' : 'cloudflare', ctx.rayId(), ctx.host);
    return [{ kind: 'ws', action: { do: 'refuse', status, ...page } }];
  },
} satisfies FaultKind<'refuse'>;

/** WebSocket: the connection stays open but goes silent (no data, no heartbeats, no replies), like a half-open TCP link. */
export const stallFault = {
  schema: z.strictObject({ kind: z.literal('stall') }),
  outcomes: () => [{ kind: 'ws', action: { do: 'stall' } }],
} satisfies FaultKind<'stall'>;
