import type { Feed } from './feeds.js';
import type { FrameInfo, WsLink } from './link.js';
import type { WsFaults } from './ws-faults.js';

/** A feed shared by all its subscribers, with how its payloads become frames on this API version. */
export interface FeedEntry extends FrameInfo {
  feed: Feed;
  /** The frame for a payload (v1 wraps it in `[channelID, payload, name, pair]`; v2 sends it as is). */
  wrap(payload: string): string;
  /** While frozen: the snapshot a new subscriber gets (the stale state), when the feed can give one. */
  stale?: ((now: number) => string | undefined) | undefined;
  readonly subscribers: Set<WsLink>;
}

/** What one API version says in a publish round: its status frame, its heartbeat, and who is owed heartbeats. */
export interface RoundDialect {
  status(link: WsLink): string;
  heartbeat: string;
  subscribed(link: WsLink): boolean;
}

/**
 * The shared feeds of one API version: each update is computed once and the same frame goes to
 * every subscriber (1,000 subscribers cost one book diff and one checksum). A new subscriber
 * first brings the feed up to date for the others, so its snapshot and everyone's next update
 * start from the same book.
 */
export class Fanout {
  readonly entries = new Map<string, FeedEntry>();
  /** The engine mode last announced, to push a status frame whenever it changes. */
  private mode: string;

  constructor(private readonly path: string, private readonly faults: WsFaults, mode: string) {
    this.mode = mode;
  }

  /**
   * One publish round after a market step: a status frame to every connection when the mode
   * changed, each subscribed feed's update, then a heartbeat to each subscribed connection that
   * got nothing this round.
   */
  round(now: number, mode: string, links: Iterable<WsLink>, dialect: RoundDialect): void {
    const all = [...links];
    if (mode !== this.mode) {
      this.mode = mode;
      for (const link of all) link.send(dialect.status(link));
    }
    this.publish(now);
    for (const link of all) {
      if (dialect.subscribed(link) && !link.sentThisStep) link.send(dialect.heartbeat);
      link.endRound();
    }
  }

  /** The entry for `key`, made on first use. */
  entry(key: string, make: () => FeedEntry): FeedEntry {
    let e = this.entries.get(key);
    if (!e) {
      e = make();
      this.entries.set(key, e);
    }
    return e;
  }

  /** Each subscribed feed's update to its subscribers. */
  private publish(now: number): void {
    for (const e of this.entries.values()) if (e.subscribers.size > 0) this.flush(e, now);
  }

  /** Subscribes `link`; `snapshot` (fresh from the market) is sent unless the feed is frozen, when the stale one is. */
  subscribe(link: WsLink, key: string, e: FeedEntry, now: number, snapshot: (() => string | undefined) | undefined): void {
    const live = this.flush(e, now);
    e.subscribers.add(link);
    link.feeds.add(key);
    const snap = !snapshot ? undefined : live || !e.stale ? snapshot() : e.stale(now);
    if (snap !== undefined) link.data(e.wrap(snap), e);
  }

  unsubscribe(link: WsLink, key: string): void {
    link.feeds.delete(key);
    this.entries.get(key)?.subscribers.delete(link);
  }

  /** A closed connection leaves every feed. */
  drop(link: WsLink): void {
    for (const key of link.feeds) this.entries.get(key)?.subscribers.delete(link);
  }

  /** Sends what changed; false when the scenario froze the feed (its state stays as last sent). */
  private flush(e: FeedEntry, now: number): boolean {
    if (this.faults.frozen(this.path, e)) return false;
    const update = e.feed.update(now);
    for (const payload of typeof update === 'string' ? [update] : update ?? []) {
      const frame = e.wrap(payload);
      for (const link of e.subscribers) link.data(frame, e);
    }
    return true;
  }
}
