/**
 * What a transport does with one request or reply. Faults decide these; Express, msw (and later
 * ws) only know how to carry them out. `respond` replaces the reply; `reset` and `hang` drop the
 * connection; `truncate` and `dribble` mangle the real reply on its way out.
 */
export type Action =
  | { kind: 'respond'; status: number; headers: Record<string, string>; body: string }
  | { kind: 'reset' }
  | { kind: 'hang' }
  | { kind: 'truncate'; status: number; headers: Record<string, string>; body: string }
  | { kind: 'dribble'; status: number; headers: Record<string, string>; body: string; chunkBytes: number; intervalMs: number };

/**
 * A fault's decision about one request: wait `delayMs` of simulated time first; `replace` the
 * reply without running the route, or `commit` (run the route, then perform `after` on its reply:
 * the ambiguous-commit trap), or `mangle` the route's real reply.
 */
export type Outcome =
  | { kind: 'delay'; ms: number }
  | { kind: 'replace'; action: Action }
  | { kind: 'commit-then'; action: Exclude<Action, { kind: 'truncate' | 'dribble' }> }
  | { kind: 'mangle'; how: 'truncate' } | { kind: 'mangle'; how: 'dribble'; chunkBytes: number; intervalMs: number };
