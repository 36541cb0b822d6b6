import { DEFAULT_PAIRS } from '../exchange/pairs.js';
import type { Scenario } from './schema.js';
import type { PhaseDecl } from './timeline-schema.js';
import { suggest } from './suggest.js';
import { globToRegex, routeGlobMatches, type FaultRule } from '../faults/rules.js';
import { wsEventsOf } from '../faults/kinds/index.js';
import { componentTree, listedAssets, type ComponentTree } from '../api/status/components.js';
import { parseDuration } from '../clock/duration.js';
import { expandTimeline, type Phase } from './timeline.js';
import type { Trust } from './salvage.js';
import { connectionNames, type Dialect } from '../api/dialect.js';
import { pairNamed } from './names.js';

/** `match` fields that a rule's kind can never see (REST fields on a WebSocket fault, and the reverse). */
function misplacedMatch(rule: FaultRule): { field: string; message: string }[] {
  const m = rule.match ?? {};
  const events = wsEventsOf(rule.effect);
  const kind = rule.effect.kind;
  const has = (f: keyof typeof m): boolean => m[f] !== undefined;
  if (!events) {
    return (['channel', 'request', 'connection'] as const).filter(has)
      .map((field) => ({ field, message: `"${field}" is for WebSocket faults; a "${kind}" fault matches REST requests (route, method, account, pair)` }));
  }
  const out: { field: string; message: string }[] = (['route', 'method'] as const).filter(has)
    .map((field) => ({ field, message: `"${field}" is for REST faults; a "${kind}" fault matches WebSocket ${events.join('/')} events (channel, request, connection, pair, account)` }));
  if (has('channel') && (events.includes('upgrade') || events.includes('open'))) out.push({ field: 'channel', message: `a "${kind}" fault acts on whole connections, which have no channel` });
  if (has('op') && events.every((e) => e === 'upgrade' || e === 'open')) out.push({ field: 'op', message: `a "${kind}" fault acts on whole connections, which have no operation` });
  if (has('request') && !events.includes('request')) out.push({ field: 'request', message: `a "${kind}" fault acts on ${events.join('/')} events, not on client requests` });
  return out;
}

/**
 * What is wrong with a rule's `connection` under a dialect: a name that is none of its endpoints,
 * `public`/`private` or its versions (with did-you-mean); or a feed fault (`freeze`) naming an
 * endpoint whose shared feed is decided under another's name, where it could never fire.
 */
function connectionProblem(connection: string, rule: FaultRule, dialect: Dialect): string | undefined {
  const names = connectionNames(dialect.wsEndpoints);
  if (!names.includes(connection)) {
    const near = suggest(connection, names);
    return `"${connection}" is no ${dialect.title} WebSocket endpoint${near ? ` (did you mean "${near}"?)` : ` (${names.join(', ')})`}`;
  }
  const under = dialect.wsEndpoints.find((e) => e.path === connection)?.feedUnder;
  if (under && wsEventsOf(rule.effect)?.includes('feed')) {
    return `a "${rule.effect.kind}" fault acts on the shared feed, which serves "${connection}" and "${under}" alike and is named "${under}": name "${under}" (or "public"), which reaches both`;
  }
  return undefined;
}

/** Status-page problems: component names the page does not have, a `lag` as long as the phase. */
function statusProblems(p: PhaseDecl, tree: ComponentTree, phase: Phase | undefined): { field: (string | number)[]; message: string }[] {
  const out: { field: (string | number)[]; message: string }[] = [];
  const names = tree.defs.map((d) => d.name);
  for (const name of Object.keys(p.status?.components ?? {})) {
    if (tree.leavesOf(name)) continue;
    const near = suggest(name, names);
    out.push({ field: ['components', name], message: `no status component named "${name}"${near ? ` (did you mean "${near}"?)` : ` (components: ${names.join(', ')})`}` });
  }
  const lag = p.status?.lag === undefined ? 0 : (parseDuration(p.status.lag) as number);
  if (phase && lag > 0 && lag >= phase.end - phase.start) {
    out.push({ field: ['lag'], message: `lag ${p.status?.lag} must be shorter than the phase "${phase.label}" (it would never show)` });
  }
  return out;
}

/** Every cross-field check runs (the scenario is whole; see `salvage` for when it is not). */
const FULL_TRUST: Trust = { timing: true, pairs: true, accounts: true };

/** A problem only visible across fields (an unlisted pair, an unknown route, an unknown account). */
export interface Contradiction {
  path: (string | number)[];
  message: string;
}

/**
 * Checks that need the whole scenario: fault routes, channels and requests must name the
 * dialect's methods, channels and requests; pairs and accounts must exist in the scenario, status
 * components must be on the page. `trust` skips the checks whose ground was taken out of a broken scenario.
 */
export function contradictions(s: Scenario, dialect: Dialect, trust: Trust = FULL_TRUST): Contradiction[] {
  const routes = dialect.routes;
  const routeIds = routes.map((r) => r.id);
  const out: Contradiction[] = [];
  const listed = new Set(Object.keys(s.market?.pairs ?? Object.fromEntries(DEFAULT_PAIRS.map((p) => [p, null]))).map((n) => pairNamed(n)?.symbol));
  const accounts = s.accounts?.length ? s.accounts.map((a) => a.name) : ['default'];
  const keys = s.accounts?.map((a) => a.key).filter(Boolean) ?? [];
  const tree = componentTree(listedAssets(listed), dialect.title);
  const firstOf = new Map<PhaseDecl, Phase>();
  for (const x of expandTimeline(s)) if (!firstOf.has(x.decl)) firstOf.set(x.decl, x);
  const pairProblem = (name: string): string | undefined =>
    !trust.pairs || listed.has(pairNamed(name)?.symbol) ? undefined : `pair ${name} is not listed in market.pairs`;
  const phase = (p: PhaseDecl, path: (string | number)[]): void => {
    // The status page's components depend on the listed pairs' assets, and a lag on the phase's length.
    const status = trust.pairs ? statusProblems(p, tree, trust.timing ? firstOf.get(p) : undefined) : [];
    for (const { field, message } of status) out.push({ path: [...path, 'status', ...field], message });
    if (p.mode && typeof p.mode === 'object') {
      for (const name of Object.keys(p.mode.pairs ?? {})) {
        const problem = pairProblem(name);
        if (problem) out.push({ path: [...path, 'mode', 'pairs', name], message: problem });
      }
    }
    p.faults?.forEach((rule, i) => {
      for (const { field, message } of misplacedMatch(rule)) out.push({ path: [...path, 'faults', i, 'match', field], message });
      const m = rule.match;
      if (!m) return;
      for (const glob of m.route === undefined ? [] : Array.isArray(m.route) ? m.route : [m.route]) {
        if (!routes.some((r) => routeGlobMatches(glob, r.visibility, r.id))) {
          const prefixed = /^(public|private)\//i.test(glob);
          const name = prefixed ? glob.slice(glob.indexOf('/') + 1) : glob;
          const other = prefixed ? routes.find((r) => globToRegex(name).test(r.id)) : undefined;
          const near = other ? undefined : suggest(name, routeIds);
          const hint = other ? ` ("${other.id}" is a ${other.visibility} method)` : near ? ` (did you mean "${near}"?)` : '';
          out.push({ path: [...path, 'faults', i, 'match', 'route'], message: `"${glob}" matches no ${dialect.title} method${hint}` });
        }
      }
      for (const [field, names, what] of [['channel', dialect.wsChannels, 'WebSocket channel'], ['request', dialect.wsRequests, 'WebSocket request']] as const) {
        for (const glob of m[field] === undefined ? [] : Array.isArray(m[field]) ? m[field] : [m[field]]) {
          if (names.some((n) => globToRegex(glob).test(n))) continue;
          const near = suggest(glob, [...names]);
          out.push({ path: [...path, 'faults', i, 'match', field], message: `"${glob}" matches no ${what}${near ? ` (did you mean "${near}"?)` : ` (${names.join(', ')})`}` });
        }
      }
      if (m.connection !== undefined) {
        const problem = connectionProblem(m.connection, rule, dialect);
        if (problem) out.push({ path: [...path, 'faults', i, 'match', 'connection'], message: problem });
      }
      // Only a scenario written for this dialect (its `exchange:`) is told: a neutral one played under
      // another dialect may name an operation that dialect lacks (withdrawals), and the rule is moot there.
      const served = s.exchange === dialect.name ? dialect.operations?.[wsEventsOf(rule.effect) ? 'ws' : 'rest'] : undefined;
      for (const op of m.op === undefined || !served ? [] : Array.isArray(m.op) ? m.op : [m.op]) {
        const where = wsEventsOf(rule.effect) ? 'WebSocket channel or request' : 'route';
        if (!served?.includes(op)) out.push({ path: [...path, 'faults', i, 'match', 'op'], message: `no ${dialect.title} ${where} is ${op} (this rule never fires)` });
      }
      if (m.pair !== undefined) {
        const problem = pairProblem(m.pair);
        if (problem) out.push({ path: [...path, 'faults', i, 'match', 'pair'], message: problem });
      }
      if (trust.accounts && m.account !== undefined && !accounts.includes(m.account) && !keys.includes(m.account)) {
        out.push({ path: [...path, 'faults', i, 'match', 'account'], message: `no account named "${m.account}" (accounts: ${accounts.join(', ')})` });
      }
    });
  };
  s.timeline?.forEach((entry, i) => {
    if (entry.phases) entry.phases.forEach((p, j) => phase(p, ['timeline', i, 'phases', j]));
    else phase(entry as PhaseDecl, ['timeline', i]);
  });
  return out;
}
