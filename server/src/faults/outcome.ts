/**
 * What a transport does with one request or reply. Faults decide these; node:http, msw (and later
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
  | { kind: 'mangle'; how: 'truncate' } | { kind: 'mangle'; how: 'dribble'; chunkBytes: number; intervalMs: number }
  | { kind: 'ws'; action: WsAction };

/**
 * What the WebSocket transport does about one event: refuse an upgrade with an HTTP status; close
 * a connection (`code` 1006 = abruptly, no close frame) now or `afterMs` later; `stall` it (silent
 * from now on, heartbeats included); `freeze` a shared feed (no updates; snapshots stay stale);
 * drop, delay, duplicate or reorder one frame; corrupt a book frame's checksum; answer a request
 * with an error; revoke the request's WebSocket token.
 */
export type WsAction =
  | { do: 'refuse'; status: number; headers: Record<string, string>; body: string }
  | { do: 'disconnect'; code: number; reason: string; afterMs: number }
  | { do: 'stall' }
  | { do: 'freeze' }
  | { do: 'drop' }
  | { do: 'delay'; ms: number }
  | { do: 'duplicate' }
  | { do: 'reorder' }
  | { do: 'corrupt'; xor: number }
  | { do: 'reject'; error: string }
  | { do: 'expire-token' };
