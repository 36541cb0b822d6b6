import * as z from 'zod';
import type { FaultKind } from './kind.js';

/** The request is never answered (the client times out). */
export const hangFault = {
  schema: z.strictObject({ kind: z.literal('hang') }),
  outcomes: () => [{ kind: 'replace', action: { kind: 'hang' } }],
} satisfies FaultKind<'hang'>;

/** The connection is reset before any reply. */
export const resetFault = {
  schema: z.strictObject({ kind: z.literal('reset') }),
  outcomes: () => [{ kind: 'replace', action: { kind: 'reset' } }],
} satisfies FaultKind<'reset'>;
