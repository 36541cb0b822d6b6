import type { Exchange } from '../../exchange/exchange.js';
import type { ScenarioEngine } from '../../scenario/engine.js';
import { IMPACTS, type ComponentStatus, type Impact } from '../../scenario/status-schema.js';
import { componentTree, DEFAULT_TITLE, listedAssets, worstStatus, type ComponentDef, type ComponentTree } from './components.js';
import { impactOf, occurrenceAt, type Occurrence } from './occurrence.js';
import { PageTimeline, type PhaseRef } from './page-timeline.js';
import type { PhaseView } from './phase-view.js';
import { componentJson, occurrenceJson, PageIds, pageJson, type ComponentState } from './render.js';

/** How many incidents (and maintenances) the list endpoints return, newest first, as Statuspage does. */
export const RECENT = 50;

/** Statuspage's wording for each status indicator. */
export const INDICATOR_DESCRIPTIONS: Record<Impact, string> = {
  none: 'All Systems Operational', maintenance: 'Service Under Maintenance', minor: 'Minor Service Outage',
  major: 'Partial System Outage', critical: 'Major System Outage',
};

type Json = Record<string, unknown>;

/** Everything the page says at one instant. */
interface Snapshot {
  updatedAt: number;
  components: ComponentState[];
  /** Newest first. */
  incidents: Occurrence[];
  /** Latest window first. */
  maintenances: Occurrence[];
  indicator: Impact;
}

const unresolved = (o: Occurrence): boolean => o.status !== 'resolved' && o.status !== 'postmortem';
const upcoming = (o: Occurrence): boolean => o.status === 'scheduled';
const active = (o: Occurrence): boolean => o.status === 'in_progress' || o.status === 'verifying';

/**
 * The Statuspage-style status page of a running scenario, computed from the engine's timeline for
 * any simulated instant: components, incidents and scheduled maintenances, each endpoint's JSON
 * body. Nothing is stored, so the page is the same function of (scenario, seed, now) every time.
 */
export class StatusPage {
  private readonly tree: ComponentTree;
  private readonly timeline: PageTimeline;
  private readonly ids: PageIds;

  /** `title` names the served exchange on the page and its API group ("Kraken", "Binance"). */
  constructor(engine: ScenarioEngine, exchange: Exchange, private readonly title: string = DEFAULT_TITLE) {
    const assets = listedAssets(exchange.markets.keys());
    this.tree = componentTree(assets, title);
    this.timeline = new PageTimeline(engine, this.tree, assets);
    this.ids = new PageIds(exchange.rng.fork('status-page'));
  }

  /** status.json: the page and its status indicator. */
  status(now: number): Json {
    const s = this.snapshot(now);
    return { page: pageJson(s.updatedAt, this.title), status: this.indicator(s) };
  }

  /** components.json: every component and group, in page order. */
  components(now: number): Json {
    const s = this.snapshot(now);
    return { page: pageJson(s.updatedAt, this.title), components: s.components.map((c) => componentJson(c, this.ids)) };
  }

  /** incidents.json: the RECENT latest incidents, resolved or not, newest first. */
  incidents(now: number, only: (o: Occurrence) => boolean = () => true): Json {
    const s = this.snapshot(now);
    return { page: pageJson(s.updatedAt, this.title), incidents: this.render(s, s.incidents.filter(only)) };
  }

  /** incidents/unresolved.json: incidents not yet resolved. */
  unresolvedIncidents(now: number): Json {
    return this.incidents(now, unresolved);
  }

  /** scheduled-maintenances.json: the RECENT latest maintenances (scheduled, in progress, completed), latest window first. */
  scheduledMaintenances(now: number, only: (o: Occurrence) => boolean = () => true): Json {
    const s = this.snapshot(now);
    return { page: pageJson(s.updatedAt, this.title), scheduled_maintenances: this.render(s, s.maintenances.filter(only)) };
  }

  /** scheduled-maintenances/upcoming.json: announced maintenances whose window has not started. */
  upcomingMaintenances(now: number): Json {
    return this.scheduledMaintenances(now, upcoming);
  }

  /** scheduled-maintenances/active.json: maintenances in progress. */
  activeMaintenances(now: number): Json {
    return this.scheduledMaintenances(now, active);
  }

  /** Everything at once: all components, unresolved incidents, upcoming and in-progress maintenances, the indicator. */
  summary(now: number): Json {
    const s = this.snapshot(now);
    return {
      page: pageJson(s.updatedAt, this.title), components: s.components.map((c) => componentJson(c, this.ids)),
      incidents: this.render(s, s.incidents.filter(unresolved)),
      scheduled_maintenances: this.render(s, s.maintenances.filter((o) => upcoming(o) || active(o))),
      status: this.indicator(s),
    };
  }

  private render(s: Snapshot, list: readonly Occurrence[]): Json[] {
    return list.map((o) => occurrenceJson(o, s.components, this.ids));
  }

  private indicator(s: Snapshot): { indicator: Impact; description: string } {
    return { indicator: s.indicator, description: INDICATOR_DESCRIPTIONS[s.indicator] };
  }

  private snapshot(now: number): Snapshot {
    const components = this.componentsAt(now);
    const { incidents, maintenances } = this.occurrencesAt(now);
    const impacts: Impact[] = [
      ...components.filter((c) => !c.def.children).map((c) => impactOf(c.status)),
      ...incidents.filter(unresolved).map((o) => o.impact), ...maintenances.filter(active).map((o) => o.impact),
    ];
    const indicator = IMPACTS[Math.max(0, ...impacts.map((i) => IMPACTS.indexOf(i)))] as Impact;
    const times = [...incidents, ...maintenances].map((o) => (o.posts[o.posts.length - 1] as { at: number }).at);
    return { updatedAt: Math.max(this.timeline.origin, ...components.map((c) => c.updatedAt), ...times), components, incidents, maintenances, indicator };
  }

  private componentsAt(now: number): ComponentState[] {
    const t = this.timeline;
    const ref = t.shownAt(now);
    return this.tree.defs.map((def) => {
      const statusIn = (v: PhaseView): ComponentStatus => statusOf(def, v);
      return { def, status: statusIn(t.view(ref)), createdAt: t.origin, updatedAt: this.changedAt(statusIn, ref) };
    });
  }

  /** When a component last changed status up to the shown phase `ref` (its creation if never). */
  private changedAt(statusIn: (v: PhaseView) => ComponentStatus, ref: PhaseRef | undefined): number {
    const t = this.timeline;
    const current = statusIn(t.view(ref));
    let r = ref;
    // One whole cycle without a change means the status never changes: it holds since the first phase.
    for (let steps = 0; r !== undefined && steps <= t.views.length; steps++) {
      const prev = t.prev(r);
      if (statusIn(t.view(prev)) !== current) return t.shownFrom(r);
      r = prev;
    }
    return r === undefined || current === 'operational' ? t.origin : t.shownFrom({ cycle: 0, index: 0 });
  }

  /** Incidents and maintenances public at `now`, the RECENT latest of each, from the cycles that can have any. */
  private occurrencesAt(now: number): { incidents: Occurrence[]; maintenances: Occurrence[] } {
    const t = this.timeline;
    const incidents: Occurrence[] = [];
    const maintenances: Occurrence[] = [];
    const want = (kind: string, got: Occurrence[]): boolean => t.runs.some((r) => r.kind === kind) && got.length < RECENT;
    const announce = Math.max(0, ...t.runs.map((r) => (t.views[r.first] as PhaseView).announceMs));
    const ahead = Math.min(t.cycleAt(now) + RECENT, t.cycleAt(now + announce));
    for (let c = ahead; c >= 0 && (want('incident', incidents) || want('maintenance', maintenances)); c--) {
      for (const run of t.runs) {
        const o = occurrenceAt(t, this.tree, run, c, now);
        if (o) (o.kind === 'incident' ? incidents : maintenances).push(o);
      }
    }
    incidents.sort((a, b) => b.createdAt - a.createdAt);
    maintenances.sort((a, b) => (b.window?.from ?? 0) - (a.window?.from ?? 0));
    return { incidents: incidents.slice(0, RECENT), maintenances: maintenances.slice(0, RECENT) };
  }
}

/** A component's status in a view: its own, or for a group the worst of its children. */
function statusOf(def: ComponentDef, v: PhaseView): ComponentStatus {
  return def.children ? worstStatus(def.children.map((c) => v.statuses.get(c) ?? 'operational')) : v.statuses.get(def.name) ?? 'operational';
}
