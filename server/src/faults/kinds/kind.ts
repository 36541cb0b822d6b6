import type { z } from 'zod';
import type { Rng } from '../../clock/rng.js';
import type { Outcome } from '../outcome.js';

/** What a fault kind may draw on when it decides: its own seeded stream, a ray-id maker, and the host its edge pages name. */
export interface FaultContext {
  rng: Rng;
  rayId(): string;
  /** The dialect's API host for edge pages (see Target's `host`); undefined: pages name none. */
  host: string | undefined;
}

/** One fault kind: the YAML shape of its effect and the outcomes it decides for one request. */
export interface FaultKind<K extends string> {
  schema: z.ZodType<{ kind: K }>;
  outcomes(effect: any, ctx: FaultContext): Outcome[];
}
