import * as z from 'zod';
import type { FaultKind } from './kind.js';

const BODIES = { nothing: '', 'empty-object': '{}', 'empty-result': '{"error":[],"result":{}}' } as const;

/** HTTP 200 with an empty body, `{}`, or `{"error":[],"result":{}}` (the request is not processed). */
export const emptyFault = {
  schema: z.strictObject({
    kind: z.literal('empty'),
    body: z.enum(['nothing', 'empty-object', 'empty-result']).default('nothing'),
  }),
  outcomes: (effect: { body: keyof typeof BODIES }) => [{
    kind: 'replace',
    action: { kind: 'respond', status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: BODIES[effect.body] },
  }],
} satisfies FaultKind<'empty'>;
