import { ASSETS, type Asset } from '../../exchange/assets.js';
import { COMPONENT_STATUSES, type ComponentStatus } from '../../scenario/status-schema.js';
import { pairNamed } from '../../scenario/names.js';

/** The page's default exchange title (Kraken's page: "Kraken", with a "Kraken API" group). */
export const DEFAULT_TITLE = 'Kraken';

/** The API group's name on the page of the exchange titled `title` (Kraken's where known: "Kraken API" with a "Websocket" child). */
export const apiGroup = (title: string): string => `${title} API`;

/** Component names (Kraken's where known; the rest are ours). */
export const REST_API = 'REST API';
export const WEBSOCKET = 'Websocket';
export const TRADING = 'Trading';
export const WEBSITE = 'Website';
export const FUNDING_GROUP = 'Funding';

/** One component of the page: a group (`children` set) or a leaf (`group` set when it sits in one). */
export interface ComponentDef {
  name: string;
  group: string | undefined;
  children: string[] | undefined;
  /** 1-based position among its siblings, as Statuspage numbers them. */
  position: number;
}

/** The page's components in display order, and which leaves a name in a scenario stands for. */
export interface ComponentTree {
  defs: readonly ComponentDef[];
  /** Every leaf (non-group) component name, in display order. */
  leaves: readonly string[];
  /** The leaves a component or group name covers; undefined for an unknown name. */
  leavesOf(name: string): readonly string[] | undefined;
}

/** Kraken's name for an asset's funding component ("Digital Currency Funding - Bitcoin (BTC)", "Fiat Funding - US Dollar (USD)"). */
export function fundingComponent(asset: Asset): string {
  return `${asset.kind === 'fiat' ? 'Fiat' : 'Digital Currency'} Funding - ${asset.name} (${asset.code})`;
}

/** The assets of the listed pairs (by any pair name), in catalog order. */
export function listedAssets(pairs: Iterable<string | undefined>): Asset[] {
  const codes = new Set<string>();
  for (const name of pairs) {
    const p = name === undefined ? undefined : pairNamed(name);
    if (p) codes.add(p.base).add(p.quote);
  }
  return ASSETS.filter((a) => codes.has(a.code));
}

/**
 * The page layout: a "<title> API" group (REST API, Websocket; "Kraken API" by default, "Binance
 * API" under Binance), Trading, Website, and a "Funding" group with one component per asset.
 */
export function componentTree(assets: readonly Asset[], title: string = DEFAULT_TITLE): ComponentTree {
  const API_GROUP = apiGroup(title);
  const funding = assets.map(fundingComponent);
  const leaf = (name: string, position: number, group?: string): ComponentDef => ({ name, group, children: undefined, position });
  const defs: ComponentDef[] = [
    { name: API_GROUP, group: undefined, children: [REST_API, WEBSOCKET], position: 1 },
    leaf(REST_API, 1, API_GROUP), leaf(WEBSOCKET, 2, API_GROUP),
    leaf(TRADING, 2), leaf(WEBSITE, 3),
    { name: FUNDING_GROUP, group: undefined, children: funding, position: 4 },
    ...funding.map((name, i) => leaf(name, i + 1, FUNDING_GROUP)),
  ];
  const leaves = defs.filter((d) => !d.children).map((d) => d.name);
  const byName = new Map(defs.map((d) => [d.name, d.children ?? [d.name]]));
  return { defs, leaves, leavesOf: (name) => byName.get(name) };
}

/** The worse of component statuses (a group shows its worst child). */
export function worstStatus(statuses: Iterable<ComponentStatus>): ComponentStatus {
  let worst = 0;
  for (const s of statuses) worst = Math.max(worst, COMPONENT_STATUSES.indexOf(s));
  return COMPONENT_STATUSES[worst] as ComponentStatus;
}
