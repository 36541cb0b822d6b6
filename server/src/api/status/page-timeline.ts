import type { Asset } from '../../exchange/assets.js';
import type { ScenarioEngine } from '../../scenario/engine.js';
import type { Phase } from '../../scenario/timeline.js';
import type { ComponentTree } from './components.js';
import { CALM_VIEW, viewOf, type PageKind, type PhaseView } from './phase-view.js';

/** One phase instance: the cycle of a (looping) timeline and the phase's index in the engine's phases. */
export interface PhaseRef {
  cycle: number;
  index: number;
}

/** Consecutive phases of one kind within a cycle: one incident, or one scheduled maintenance. */
export interface Run {
  kind: Exclude<PageKind, 'calm'>;
  first: number;
  last: number;
}

/**
 * The engine's timeline as the status page sees it: each phase's view, and when the page starts
 * showing each phase instance (its start plus its `lag`). Runs never span cycles, so every cycle of
 * a looping timeline has the same incidents and maintenances, shifted by whole cycles.
 */
export class PageTimeline {
  readonly views: readonly PhaseView[];
  readonly runs: readonly Run[];
  private readonly phases: readonly Phase[];

  constructor(private readonly engine: ScenarioEngine, tree: ComponentTree, assets: readonly Asset[]) {
    this.phases = engine.phases;
    this.views = this.phases.map((p) => viewOf(p.decl, tree, assets));
    const runs: Run[] = [];
    this.views.forEach((v, i) => {
      if (v.kind === 'calm') return;
      const prev = runs[runs.length - 1];
      if (prev && prev.kind === v.kind && prev.last === i - 1) prev.last = i;
      else runs.push({ kind: v.kind, first: i, last: i });
    });
    this.runs = runs;
  }

  /** When the scenario (and the page) started, ms. */
  get origin(): number {
    return this.engine.startTime;
  }

  /** When a phase instance starts, ms. */
  start(ref: PhaseRef): number {
    return this.base(ref.cycle) + this.phase(ref).start;
  }

  /** When a phase instance ends, ms (Infinity for an open-ended last phase). */
  end(ref: PhaseRef): number {
    return this.base(ref.cycle) + this.phase(ref).end;
  }

  /** When the page starts showing a phase instance: its start plus its lag, never past its end. */
  shownFrom(ref: PhaseRef): number {
    const p = this.phase(ref);
    return this.start(ref) + Math.min(this.view(ref).lagMs, p.end - p.start);
  }

  /** The view of a phase instance; the calm page before the first one. */
  view(ref: PhaseRef | undefined): PhaseView {
    return ref ? (this.views[ref.index] as PhaseView) : CALM_VIEW;
  }

  /** The phase instance before this one (undefined before the first). */
  prev(ref: PhaseRef): PhaseRef | undefined {
    if (ref.index > 0) return { cycle: ref.cycle, index: ref.index - 1 };
    return ref.cycle > 0 ? { cycle: ref.cycle - 1, index: this.phases.length - 1 } : undefined;
  }

  /** The phase instance after this one (undefined after an open-ended last phase). */
  next(ref: PhaseRef): PhaseRef | undefined {
    if (ref.index < this.phases.length - 1) return { cycle: ref.cycle, index: ref.index + 1 };
    return this.loops ? { cycle: ref.cycle + 1, index: 0 } : undefined;
  }

  /** The phase instance the page shows at `now` (lag included); undefined before the first one shows. */
  shownAt(now: number): PhaseRef | undefined {
    const l = this.engine.locate(now);
    const ref = { cycle: l.cycle, index: l.phase.index };
    return this.shownFrom(ref) <= now ? ref : this.prev(ref);
  }

  /** The cycle in force at `now` (0 when the timeline does not loop). */
  cycleAt(now: number): number {
    return this.engine.locate(now).cycle;
  }

  private get loops(): boolean {
    return Number.isFinite(this.engine.cycle);
  }

  private base(cycle: number): number {
    return this.engine.startTime + (this.loops ? cycle * this.engine.cycle : 0);
  }

  private phase(ref: PhaseRef): Phase {
    return this.phases[ref.index] as Phase;
  }
}
