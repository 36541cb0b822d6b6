import { parseDuration } from '../../clock/duration.js';
import type { Asset } from '../../exchange/assets.js';
import type { Mode } from '../../exchange/conditions.js';
import { wsEventsOf } from '../../faults/kinds/index.js';
import type { FaultRule } from '../../faults/rules.js';
import type { FundingPolicy, PhaseDecl } from '../../scenario/timeline-schema.js';
import type { ComponentStatus } from '../../scenario/status-schema.js';
import { fundingComponent, REST_API, TRADING, WEBSITE, WEBSOCKET, worstStatus, type ComponentTree } from './components.js';
import { assetNamed } from '../../scenario/names.js';

/** How long ahead a `maintenance` phase is announced when its `status.announce` is not given (B3). */
export const DEFAULT_ANNOUNCE_MS = 3_600_000;

/** What the page makes of a phase: a calm page, part of an unplanned incident, or part of a scheduled maintenance. */
export type PageKind = 'calm' | 'incident' | 'maintenance';

/** A phase as the status page shows it; derived once per phase declaration. */
export interface PhaseView {
  phase: string;
  kind: PageKind;
  /** Leaf components that are not operational during the phase. */
  statuses: ReadonlyMap<string, ComponentStatus>;
  /** How long after the phase starts the page shows it (ms). */
  lagMs: number;
  /** Maintenance only: how long before the phase starts it is listed as upcoming (ms). */
  announceMs: number;
  incident: NonNullable<PhaseDecl['status']>['incident'];
  body: string | undefined;
}

/** The page before anything happened: every component operational. */
export const CALM_VIEW: PhaseView = { phase: '', kind: 'calm', statuses: new Map(), lagMs: 0, announceMs: 0, incident: undefined, body: undefined };

const MODE_STATUS: Record<Mode, ComponentStatus> = {
  online: 'operational', maintenance: 'major_outage', cancel_only: 'partial_outage', post_only: 'degraded_performance', limit_only: 'degraded_performance',
};

function globalMode(decl: PhaseDecl): Mode {
  return typeof decl.mode === 'string' ? decl.mode : decl.mode?.global ?? 'online';
}

function tradingStatus(decl: PhaseDecl): ComponentStatus {
  const pairModes = typeof decl.mode === 'object' ? Object.values(decl.mode.pairs ?? {}) : [];
  return worstStatus([
    MODE_STATUS[globalMode(decl)],
    ...pairModes.map((m) => (m === 'maintenance' ? 'partial_outage' : MODE_STATUS[m])),
    decl.orders && decl.orders.new !== 'accept' ? 'major_outage' : 'operational',
    decl.orders?.triggers === 'suspended' ? 'degraded_performance' : 'operational',
  ]);
}

/** Slow-but-working kinds degrade a component; a rule that always hits everything is a major outage; anything narrower is partial. */
function faultStatus(rules: readonly FaultRule[]): ComponentStatus {
  return worstStatus(rules.map((r) => {
    if (r.effect.kind === 'latency' || r.effect.kind === 'dribble' || r.effect.kind === 'delay-message') return 'degraded_performance';
    const m = r.match ?? {};
    const everything = (g: string | string[] | undefined): boolean => g === undefined || [g].flat().includes('*');
    const narrowed = m.method !== undefined || m.account !== undefined || m.pair !== undefined || m.connection !== undefined
      || !everything(m.route) || !everything(m.channel) || !everything(m.request);
    const always = (r.probability ?? 1) >= 1 && r.ramp === undefined && r.first === undefined && r.every === undefined;
    return always && !narrowed ? 'major_outage' : 'partial_outage';
  }));
}

function fundingStatus(p: FundingPolicy): ComponentStatus {
  const down = Number(p.withdrawals === 'reject') + Number(p.addresses === 'disabled');
  if (down > 0) return down === 2 ? 'major_outage' : 'partial_outage';
  return p.withdrawals === 'queue' || p.deposits === 'delay' ? 'degraded_performance' : 'operational';
}

/** Component statuses implied by the phase's mode, order policy, fault rules and funding policy. */
function derivedStatuses(decl: PhaseDecl, assets: readonly Asset[]): Map<string, ComponentStatus> {
  const rules = decl.faults ?? [];
  const rest = faultStatus(rules.filter((r) => wsEventsOf(r.effect) === undefined));
  const ws = faultStatus(rules.filter((r) => wsEventsOf(r.effect) !== undefined));
  const halted = globalMode(decl) === 'maintenance' ? 'major_outage' : 'operational';
  const out = new Map<string, ComponentStatus>([
    [REST_API, worstStatus([rest, halted])], [WEBSOCKET, worstStatus([ws, halted])], [TRADING, tradingStatus(decl)],
  ]);
  // Web and API share one backend (B24): the website is as well as the REST API.
  out.set(WEBSITE, out.get(REST_API) as ComponentStatus);
  const f = decl.funding;
  if (f) {
    const codes = f.assets?.map((a) => assetNamed(a)?.code);
    const status = fundingStatus(f);
    for (const a of assets) if (!codes || codes.includes(a.code)) out.set(fundingComponent(a), status);
  }
  return out;
}

/**
 * The page's view of a phase: derived statuses (turned to `under_maintenance` in a scheduled
 * maintenance), then the phase's explicit `status.components` on top.
 */
export function viewOf(decl: PhaseDecl, tree: ComponentTree, assets: readonly Asset[]): PhaseView {
  const st = decl.status;
  const announce = st?.announce;
  const scheduled = announce !== false && (announce !== undefined || globalMode(decl) === 'maintenance');
  const statuses = derivedStatuses(decl, assets);
  if (scheduled) for (const [name, s] of statuses) if (s !== 'operational') statuses.set(name, 'under_maintenance');
  for (const [name, s] of Object.entries(st?.components ?? {})) for (const leaf of tree.leavesOf(name) ?? []) statuses.set(leaf, s);
  for (const [name, s] of statuses) if (s === 'operational') statuses.delete(name);
  return {
    phase: decl.name,
    kind: scheduled ? 'maintenance' : statuses.size > 0 || st?.incident ? 'incident' : 'calm',
    statuses,
    lagMs: parseDuration(st?.lag ?? '0s') as number,
    announceMs: scheduled ? (typeof announce === 'string' ? (parseDuration(announce) as number) : DEFAULT_ANNOUNCE_MS) : 0,
    incident: st?.incident,
    body: st?.body,
  };
}
