import * as z from 'zod';
import { parseDuration } from '../../clock/duration.js';
import { durationSchema } from '../../scenario/schema-common.js';
import type { FaultKind } from './kind.js';

/** WebSocket: a channel stops updating (a stale book) while heartbeats go on; new subscribers get the stale snapshot. */
export const freezeFault = {
  schema: z.strictObject({ kind: z.literal('freeze') }),
  outcomes: () => [{ kind: 'ws', action: { do: 'freeze' } }],
} satisfies FaultKind<'freeze'>;

/** WebSocket: a data frame never reaches the client (a book client then fails its checksum). */
export const dropMessageFault = {
  schema: z.strictObject({ kind: z.literal('drop-message') }),
  outcomes: () => [{ kind: 'ws', action: { do: 'drop' } }],
} satisfies FaultKind<'drop-message'>;

/** WebSocket: a data frame, and everything behind it on that connection, arrives late (head-of-line, as on TCP). */
export const delayMessageFault = {
  schema: z.strictObject({
    kind: z.literal('delay-message'),
    fixed: durationSchema.optional(),
    uniform: z.tuple([durationSchema, durationSchema]).optional().describe('[min, max]'),
  }).refine((e) => (e.fixed === undefined) !== (e.uniform === undefined), { message: 'a delay-message fault needs exactly one of fixed or uniform' }),
  outcomes: (e, ctx) => {
    const ms = (d: string): number => parseDuration(d) as number;
    const delay = e.fixed ? ms(e.fixed) : ctx.rng.uniform(ms(e.uniform![0]), ms(e.uniform![1]));
    return [{ kind: 'ws', action: { do: 'delay', ms: Math.round(delay) } }];
  },
} satisfies FaultKind<'delay-message'>;

/** WebSocket: a data frame is sent twice. */
export const duplicateMessageFault = {
  schema: z.strictObject({ kind: z.literal('duplicate-message') }),
  outcomes: () => [{ kind: 'ws', action: { do: 'duplicate' } }],
} satisfies FaultKind<'duplicate-message'>;

/** WebSocket: a data frame is held back and sent after the next one on the same connection. */
export const reorderMessageFault = {
  schema: z.strictObject({ kind: z.literal('reorder-message') }),
  outcomes: () => [{ kind: 'ws', action: { do: 'reorder' } }],
} satisfies FaultKind<'reorder-message'>;

/** WebSocket: a book frame carries a wrong checksum (clients that verify must resubscribe). */
export const corruptChecksumFault = {
  schema: z.strictObject({ kind: z.literal('corrupt-checksum') }),
  outcomes: (_e, ctx) => [{ kind: 'ws', action: { do: 'corrupt', xor: ctx.rng.int(1, 0x7fffffff) } }],
} satisfies FaultKind<'corrupt-checksum'>;
