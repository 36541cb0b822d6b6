import * as z from 'zod';
import { parseDuration } from '../../clock/duration.js';
import { durationSchema } from '../../scenario/schema-common.js';
import type { FaultKind } from './kind.js';

/** The real reply is cut off mid-body (the request was processed). */
export const truncateFault = {
  schema: z.strictObject({ kind: z.literal('truncate') }),
  outcomes: () => [{ kind: 'mangle', how: 'truncate' }],
} satisfies FaultKind<'truncate'>;

/** The real reply arrives a few bytes at a time. */
export const dribbleFault = {
  schema: z.strictObject({
    kind: z.literal('dribble'),
    chunkBytes: z.number().int().min(1).max(65536).default(16),
    interval: durationSchema.default('500ms').describe('Pause between chunks.'),
  }),
  outcomes: (effect) => [{ kind: 'mangle', how: 'dribble', chunkBytes: effect.chunkBytes, intervalMs: parseDuration(effect.interval) as number }],
} satisfies FaultKind<'dribble'>;
