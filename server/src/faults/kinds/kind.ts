import type { z } from 'zod';
import type { Rng } from '../../clock/rng.js';
import type { Outcome } from '../outcome.js';

/** What a fault kind may draw on when it decides: its own seeded stream, a ray-id maker, and the host its edge pages name. */
export interface FaultContext {
  rng: Rng;
  rayId(): string;
  /** The dialect's API host for edge pages (see Target's `host`); undefined: pages name none. */
  host: string | undefined;
  /** How the dialect answers an `error` fault's error (see RestTarget's `renderError`); undefined: Kraken's envelope. */
  renderError?: ErrorRenderer | undefined;
}

/** A dialect's reply to an `error` fault naming `error` (a Kraken string, or a dialect's own code such as Binance's "-1001"). */
export type ErrorRenderer = (error: string) => { status: number; headers: Record<string, string>; body: string };

/** One fault kind: the YAML shape of its effect and the outcomes it decides for one request. */
export interface FaultKind<K extends string> {
  schema: z.ZodType<{ kind: K }>;
  outcomes(effect: any, ctx: FaultContext): Outcome[];
}
