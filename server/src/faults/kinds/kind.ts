import type { z } from 'zod';
import type { Rng } from '../../clock/rng.js';
import type { NeutralError } from '../../exchange/neutral-errors.js';
import type { Outcome } from '../outcome.js';

/** What a fault kind may draw on when it decides: its own seeded stream, a ray-id maker, and the host its edge pages name. */
export interface FaultContext {
  rng: Rng;
  rayId(): string;
  /** The dialect's API host for edge pages (see Target's `host`); undefined: pages name none. */
  host: string | undefined;
  /** How the dialect answers an `error` fault (see RestTarget's `renderError`); undefined for WebSocket targets. */
  renderError?: ErrorRenderer | undefined;
  /** The decision's time (ms), for replies that print one (Binance's "IP banned until"). */
  now: number;
}

/**
 * The error a scenario names, resolved for whichever dialect renders it: its `text` as written (a
 * neutral name, a dialect's literal, or free text), the neutral error it stands for when known, and
 * the dialect whose literal it is (undefined for a neutral name or free text).
 */
export interface FaultError {
  text: string;
  problem: NeutralError | undefined;
  dialect: string | undefined;
}

/** A dialect's REST reply to an `error` fault at time `now` (its own literal as given; else the neutral meaning in its words). */
export type ErrorRenderer = (error: FaultError, now: number) => { status: number; headers: Record<string, string>; body: string };

/** One fault kind: the YAML shape of its effect and the outcomes it decides for one request. */
export interface FaultKind<K extends string> {
  schema: z.ZodType<{ kind: K }>;
  outcomes(effect: any, ctx: FaultContext): Outcome[];
}
