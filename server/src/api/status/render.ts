import type { Rng } from '../../clock/rng.js';
import type { ComponentStatus } from '../../scenario/status-schema.js';
import type { ComponentDef } from './components.js';
import type { Occurrence, Post } from './occurrence.js';

/** Kraken's Statuspage page (id and time zone from a third-party fixture: unconfirmed). */
export const PAGE = { id: 'lfz25gyhcpjf', name: 'Kraken', url: 'https://status.kraken.com', time_zone: 'Etc/UTC' } as const;

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Statuspage-shaped ids (12 lowercase letters and digits), each drawn from its own fork of the seeded stream, so the same seed and label always give the same id. */
export class PageIds {
  constructor(private readonly rng: Rng) {}

  id(label: string, length = 12): string {
    const r = this.rng.fork(label);
    return Array.from({ length }, () => ALPHABET[r.int(0, ALPHABET.length - 1)]).join('');
  }
}

/** Simulated ms as Statuspage prints times: ISO 8601 UTC with milliseconds. */
export const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * The `page` object every endpoint starts with, named after the served exchange's title (PAGE's
 * name by default). Written out: a spread of PAGE plus a key made V8 build a new hidden class on
 * every call. CHOICE: under another exchange only the name changes (id, url and time zone stay
 * PAGE's; Binance publishes no Statuspage page to copy them from).
 */
export const pageJson = (updatedAt: number, name: string = PAGE.name): Record<string, unknown> => ({ id: PAGE.id, name, url: PAGE.url, time_zone: PAGE.time_zone, updated_at: iso(updatedAt) });

/** A component as it stands: leaf or group (a group lists its children's ids; children point back with `group_id`). */
export interface ComponentState {
  def: ComponentDef;
  status: ComponentStatus;
  createdAt: number;
  updatedAt: number;
}

/** A component object exactly as Statuspage's components.json prints it. */
export function componentJson(c: ComponentState, ids: PageIds): Record<string, unknown> {
  const { def } = c;
  return {
    id: ids.id(`component/${def.name}`), name: def.name, status: c.status, created_at: iso(c.createdAt), updated_at: iso(c.updatedAt),
    position: def.position, description: null, showcase: false, start_date: null,
    group_id: def.group === undefined ? null : ids.id(`component/${def.group}`), page_id: PAGE.id, group: def.children !== undefined,
    only_show_if_degraded: false, ...(def.children ? { components: def.children.map((n) => ids.id(`component/${n}`)) } : {}),
  };
}

function updateJson(o: Occurrence, p: Post, incidentId: string, ids: PageIds): Record<string, unknown> {
  return {
    id: ids.id(`update/${o.kind}/${o.key}/${p.key}`), status: p.status, body: p.body, incident_id: incidentId,
    created_at: iso(p.at), updated_at: iso(p.at), display_at: iso(p.at),
    affected_components: p.changes.map((c) => ({ code: ids.id(`component/${c.component}`), name: c.component, old_status: c.from, new_status: c.to })),
    deliver_notifications: true, custom_tweet: null, tweet_id: null,
  };
}

/** An incident or scheduled maintenance object (maintenances add `scheduled_for` and `scheduled_until`); updates newest first. */
export function occurrenceJson(o: Occurrence, components: readonly ComponentState[], ids: PageIds): Record<string, unknown> {
  const label = `${o.kind}/${o.key}`;
  const id = ids.id(label);
  const last = o.posts[o.posts.length - 1] as Post;
  const time = (ms: number | null): string | null => (ms === null ? null : iso(ms));
  return {
    id, name: o.name, status: o.status, created_at: iso(o.createdAt), updated_at: iso(last.at),
    monitoring_at: time(o.monitoringAt), resolved_at: time(o.resolvedAt), impact: o.impact,
    shortlink: `https://stspg.io/${ids.id(`shortlink/${label}`, 7)}`, started_at: iso(o.startedAt), page_id: PAGE.id,
    incident_updates: [...o.posts].reverse().map((p) => updateJson(o, p, id, ids)),
    components: components.filter((c) => o.components.includes(c.def.name)).map((c) => componentJson(c, ids)),
    ...(o.window ? { scheduled_for: iso(o.window.from), scheduled_until: time(o.window.until) } : {}),
  };
}
