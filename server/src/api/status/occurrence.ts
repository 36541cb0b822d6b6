import { COMPONENT_STATUSES, type ComponentStatus, type Impact } from '../../scenario/status-schema.js';
import { worstStatus, type ComponentTree } from './components.js';
import type { PageTimeline, PhaseRef, Run } from './page-timeline.js';
import type { PhaseView } from './phase-view.js';

/** A component's status change carried by an update. */
export interface Change {
  component: string;
  from: ComponentStatus;
  to: ComponentStatus;
}

/** One update posted on an incident or maintenance, at simulated time `at` (ms). */
export interface Post {
  /** Stable per occurrence: `scheduled`, the phase index, or `end`. */
  key: string;
  at: number;
  status: string;
  body: string;
  changes: Change[];
}

/** An incident or scheduled maintenance as it stands at some instant: only what has been posted by then. */
export interface Occurrence {
  /** `cycle/first phase index`: ids derive from it. */
  key: string;
  kind: Run['kind'];
  name: string;
  status: string;
  impact: Impact;
  createdAt: number;
  startedAt: number;
  monitoringAt: number | null;
  resolvedAt: number | null;
  /** Maintenance only: the announced window (until = null when the last phase never ends). */
  window: { from: number; until: number | null } | undefined;
  /** Oldest first. */
  posts: Post[];
  /** Leaf components involved, in page order. */
  components: string[];
}

const BODY: Record<string, string> = {
  identified: 'The issue has been identified and a fix is being implemented.',
  monitoring: 'A fix has been implemented and we are monitoring the results.',
  resolved: 'This incident has been resolved.',
  scheduled: 'We will be undergoing scheduled maintenance during this time.',
  in_progress: 'Scheduled maintenance is currently in progress. We will provide updates as necessary.',
  completed: 'The scheduled maintenance has been completed.',
};

const IMPACT_OF: Record<ComponentStatus, Impact> = {
  operational: 'none', under_maintenance: 'maintenance', degraded_performance: 'minor', partial_outage: 'major', major_outage: 'critical',
};

/** The incident impact a component status stands for (degraded → minor, partial → major, major outage → critical). */
export const impactOf = (s: ComponentStatus): Impact => IMPACT_OF[s];

const severity = (v: PhaseView): number => COMPONENT_STATUSES.indexOf(worstStatus(v.statuses.values()));
const humanize = (phase: string): string => {
  const text = phase.replace(/[-_]+/g, ' ').trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
};

/** Status changes between two views, in page order (optionally only for some components). */
function changes(tree: ComponentTree, a: PhaseView, b: PhaseView, only?: readonly string[]): Change[] {
  return tree.leaves.filter((c) => !only || only.includes(c)).flatMap((component) => {
    const [from, to] = [a.statuses.get(component) ?? 'operational', b.statuses.get(component) ?? 'operational'];
    return from === to ? [] : [{ component, from, to }];
  });
}

/** One run in one cycle, with what the page knows about it at `now`. */
interface Context {
  t: PageTimeline;
  tree: ComponentTree;
  now: number;
  refs: PhaseRef[];
  /** When the page shows the run over (the next phase shows), Infinity if never. */
  endAt: number;
  /** The view the run ends into. */
  after: PhaseView;
}

/** A run's occurrence in `cycle` as it stands at `now`; undefined if nothing of it is public yet. */
export function occurrenceAt(t: PageTimeline, tree: ComponentTree, run: Run, cycle: number, now: number): Occurrence | undefined {
  const refs: PhaseRef[] = [];
  for (let i = run.first; i <= run.last; i++) refs.push({ cycle, index: i });
  const next = t.next(refs[refs.length - 1] as PhaseRef);
  const ctx: Context = { t, tree, now, refs, endAt: next ? t.shownFrom(next) : Infinity, after: t.view(next) };
  return run.kind === 'maintenance' ? maintenanceAt(ctx) : incidentAt(ctx);
}

const involved = (tree: ComponentTree, views: readonly PhaseView[]): string[] => tree.leaves.filter((c) => views.some((v) => v.statuses.has(c)));
const named = (views: readonly PhaseView[]): string => views.find((v) => v.incident?.name)?.incident?.name ?? humanize((views[0] as PhaseView).phase);

/** A scheduled maintenance: public from its announcement, in progress once its first phase shows, completed when the run is over. */
function maintenanceAt({ t, tree, now, refs, endAt, after }: Context): Occurrence | undefined {
  const first = refs[0] as PhaseRef;
  const createdAt = t.start(first) - t.view(first).announceMs;
  if (createdAt > now) return undefined;
  const views = refs.map((r) => t.view(r));
  const components = involved(tree, views);
  const before = t.view(t.prev(first));
  const unchanged = (c: string): Change => ({ component: c, from: before.statuses.get(c) ?? 'operational', to: before.statuses.get(c) ?? 'operational' });
  const posts: Post[] = [{ key: 'scheduled', at: createdAt, status: 'scheduled', body: BODY.scheduled as string, changes: components.map(unchanged) }];
  for (const r of refs.filter((x) => t.shownFrom(x) <= now)) {
    posts.push({
      key: String(r.index), at: t.shownFrom(r), status: 'in_progress', body: t.view(r).body ?? (BODY.in_progress as string),
      changes: changes(tree, t.view(t.prev(r)), t.view(r), components),
    });
  }
  const over = endAt <= now;
  if (over) posts.push({ key: 'end', at: endAt, status: 'completed', body: BODY.completed as string, changes: changes(tree, views[views.length - 1] as PhaseView, after, components) });
  const until = t.end(refs[refs.length - 1] as PhaseRef);
  return {
    key: `${first.cycle}/${first.index}`, kind: 'maintenance', name: named(views), status: (posts[posts.length - 1] as Post).status,
    impact: views.find((v) => v.incident?.impact)?.incident?.impact ?? 'maintenance',
    createdAt, startedAt: t.start(first), monitoringAt: null, resolvedAt: over ? endAt : null,
    window: { from: t.start(first), until: Number.isFinite(until) ? until : null }, posts, components,
  };
}

/** The status of an incident update: as declared, else investigating first, monitoring once better, identified once worse. */
function updateStatus(v: PhaseView, prev: PhaseView, last: string | undefined): string {
  if (v.incident?.status) return v.incident.status;
  if (last === undefined) return 'investigating';
  if (severity(v) < severity(prev)) return 'monitoring';
  return severity(v) > severity(prev) || last === 'investigating' ? 'identified' : last;
}

/** An unplanned incident: opened when its first phase shows, an update per phase, resolved when the run is over. */
function incidentAt({ t, tree, now, refs, endAt, after }: Context): Occurrence | undefined {
  const shown = refs.filter((r) => t.shownFrom(r) <= now);
  if (shown.length === 0) return undefined;
  const first = refs[0] as PhaseRef;
  const views = shown.map((r) => t.view(r));
  const posts: Post[] = [];
  // The components involved so far, grown post by post (not recounted from the first phase for each).
  const seen = new Set<string>();
  for (const r of shown) {
    const [v, prev] = [t.view(r), t.view(t.prev(r))];
    for (const c of v.statuses.keys()) seen.add(c);
    const status = updateStatus(v, prev, posts[posts.length - 1]?.status);
    const list = [...v.statuses.keys()].join(', ');
    const body = v.body ?? BODY[status] ?? (list ? `We are investigating an issue affecting ${list}.` : 'We are investigating an issue.');
    posts.push({ key: String(r.index), at: t.shownFrom(r), status, body, changes: changes(tree, prev, v, tree.leaves.filter((c) => seen.has(c))) });
  }
  const components = involved(tree, views);
  const over = endAt <= now;
  if (over) posts.push({ key: 'end', at: endAt, status: 'resolved', body: BODY.resolved as string, changes: changes(tree, views[views.length - 1] as PhaseView, after, components) });
  const explicit = [...views].reverse().find((v) => v.incident?.impact)?.incident?.impact;
  return {
    key: `${first.cycle}/${first.index}`, kind: 'incident', name: named(views), status: (posts[posts.length - 1] as Post).status,
    impact: explicit ?? impactOf(worstStatus(views.flatMap((v) => [...v.statuses.values()]))),
    createdAt: (posts[0] as Post).at, startedAt: t.start(first), monitoringAt: posts.find((p) => p.status === 'monitoring')?.at ?? null,
    resolvedAt: over ? endAt : null, window: undefined, posts, components,
  };
}
