import type { Clock } from '../clock/clock.js';
import type { Rng } from '../clock/rng.js';
import type { WsAction } from '../faults/outcome.js';
import { edgePage, rayId } from '../faults/pages.js';
import type { WsTarget } from '../faults/rules.js';
import { endpointFacts, type WsEndpoint } from './dialect.js';
import type { FaultSource } from './edge-http.js';

/** The scenario as a dialect's WebSocket side asks it: fault decisions, and which phase instance is in force. */
export interface ConnectionFaultSource extends FaultSource {
  phaseKey(now: number): string;
}

/** An HTTP reply that refuses a WebSocket upgrade. */
export interface Refusal {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The rules that refused it (empty when a connection limit did). */
  fired: string[];
}

/** A connection as the connection faults meet it: its endpoint name, stall flag, close event and disconnect. */
export interface MetLink {
  readonly path: string;
  stalled: boolean;
  readonly socket: { once(event: 'close', listener: () => void): unknown };
  disconnect(code: number, reason: string): void;
}

/** Where a dialect's WebSocket targets come from: the host fault rules see and its endpoints (`/ws`, `/v2`…). */
export interface WsEdge {
  readonly host: string;
  readonly endpoints: readonly WsEndpoint[];
}

/** What one decision asks: an event on an endpoint, plus whatever the dialect knows (channel, request, pair…). */
export type WsAsk = Partial<WsTarget> & Pick<WsTarget, 'event' | 'path'>;

/**
 * The connection faults every dialect's WebSocket side shares: it keeps the open connections, meets
 * each (stall, disconnect now or later) as it opens and again at each phase edge or injected rule,
 * and turns an upgrade's `refuse` fault into the reply to send. A dialect adds its own limits,
 * targets and refusal words; calm phases cost one `hasFaults` call per event.
 */
export abstract class ConnectionFaults<L extends MetLink> {
  private phase: string;
  /** Every open connection, of every endpoint (a phase start meets them all once). */
  private readonly links = new Set<L>();

  protected constructor(
    protected readonly source: ConnectionFaultSource | undefined, protected readonly clock: Clock,
    protected readonly rng: Rng, private readonly edge: WsEdge,
  ) {
    this.phase = source?.phaseKey(clock.now()) ?? '';
  }

  /** A connection as it opens: the scenario may close or stall it at once (and again at each phase start). */
  opened(link: L): void {
    this.links.add(link);
    link.socket.once('close', () => this.links.delete(link));
    this.meet(link);
  }

  /** After every market step: at a phase edge, the new phase's connection faults meet every open connection. */
  tick(now: number): void {
    const key = this.source?.phaseKey(now) ?? '';
    if (key === this.phase) return;
    this.phase = key;
    if (this.source?.hasFaults(now)) this.sweep();
  }

  /** Every open connection meets the connection faults in force now (after a rule is injected). */
  sweep(): void {
    for (const link of [...this.links]) this.meet(link);
  }

  /** The reply an upgrade's `refuse` fault sends instead, or undefined to accept. */
  protected refusal(path: string): Refusal | undefined {
    const { actions, fired } = this.decide({ event: 'upgrade', path });
    const a = actions[0];
    return a?.do === 'refuse' ? { status: a.status, headers: a.headers, body: a.body, fired } : undefined;
  }

  /** The edge's 429 page for an upgrade over a connection limit (no rule fired). */
  protected overLimit(): Refusal {
    return { status: 429, ...edgePage(429, 'cloudflare', rayId(this.rng), this.edge.host), fired: [] };
  }

  /** One connection meets the connection faults in force now: a stall, or a disconnect now or after a delay. */
  protected meet(link: L): void {
    for (const a of this.decide({ event: 'open', path: link.path }).actions) {
      if (a.do === 'stall') link.stalled = true;
      else if (a.do === 'disconnect' && a.afterMs === 0) link.disconnect(a.code, a.reason);
      else if (a.do === 'disconnect') this.clock.schedule(this.clock.now() + a.afterMs, () => link.disconnect(a.code, a.reason));
    }
  }

  /** The scenario's WebSocket actions for one event (none in a calm phase) and the rules that fired. */
  protected decide(t: WsAsk): { actions: WsAction[]; fired: string[] } {
    const now = this.clock.now();
    if (!this.source?.hasFaults(now)) return { actions: [], fired: [] };
    const target: WsTarget = {
      transport: 'ws', channel: undefined, request: undefined, pair: undefined, account: undefined,
      host: this.edge.host, ...endpointFacts(this.edge.endpoints, t.path), ...t,
    };
    const { outcomes, fired } = this.source.decide(target, now);
    return { actions: outcomes.flatMap((o) => (o.kind === 'ws' ? [o.action] : [])), fired };
  }
}
