// @ts-check
// The live request/message log: journal entries streamed by the server (Server-Sent Events), kept
// in a bounded buffer, filtered and drawn newest first.
import { BASE } from './api.js';
import { esc, offsetText, outcomeClass } from './render.js';

/** Entries the page keeps (older ones are forgotten). */
export const KEEP = 2000;
/** Rows drawn at once. */
export const SHOWN = 300;

/**
 * @typedef {{ created?: string[], cancelled?: string[], amended?: string[], funding?: string[] }} Effects
 * @typedef {{ seq: number, time: number, transport: string, ip: string, account?: string, route: string, status: number,
 *   outcome: string, error?: string, faults: string[], latencyMs: number, effects?: Effects }} Entry
 */

/** What a request did, by id (shown even when its reply was lost): `placed O…`, `cancelled O…`, `amended O…`, `withdrawal F…`. @param {Effects | undefined} fx */
function effectsText(fx) {
  if (!fx) return [];
  const words = /** @type {const} */ ([['created', 'placed'], ['cancelled', 'cancelled'], ['amended', 'amended'], ['funding', 'withdrawal']]);
  return words.filter(([key]) => fx[key]?.length).map(([key, word]) => `${word} ${(fx[key] ?? []).join(' ')}`);
}

/**
 * The log's account cell: the account whose API key (or WebSocket token) the entry carried, else
 * "—" (a public call, or a key no account has); the caller's address is in the tooltip either way.
 * @param {Entry} e
 */
export function accountCell(e) {
  return e.account
    ? `<td title="${esc(`account ${e.account} · from ${e.ip}`)}">${esc(e.account)}</td>`
    : `<td class="anon" title="${esc(`no account (no known API key or token) · from ${e.ip}`)}">—</td>`;
}

/** @param {string} id */
const el = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

export class LiveLog {
  constructor() {
    /** @type {Entry[]} */
    this.entries = [];
    this.runStart = 0;
    this.missed = 0;
    this.routes = new Set();
    this.held = false;
    this.drawQueued = false;
    this.account = /** @type {HTMLSelectElement} */ (el('log-account'));
    this.route = /** @type {HTMLInputElement} */ (el('log-route'));
    this.outcome = /** @type {HTMLSelectElement} */ (el('log-outcome'));
    this.hold = /** @type {HTMLInputElement} */ (el('log-hold'));
    for (const input of [this.account, this.route, this.outcome]) input.addEventListener('input', () => this.draw());
    this.hold.addEventListener('change', () => { this.held = this.hold.checked; this.draw(); });
  }

  /** Opens the stream (the browser reconnects by itself, resuming after the last entry it saw). */
  connect() {
    const source = new EventSource(`${BASE}/stream`);
    source.addEventListener('entry', (ev) => this.add(JSON.parse(/** @type {MessageEvent} */ (ev).data)));
    source.addEventListener('gap', (ev) => { this.missed += JSON.parse(/** @type {MessageEvent} */ (ev).data).skipped; this.queueDraw(); });
    return source;
  }

  /** @param {Entry} e */
  add(e) {
    this.entries.push(e);
    if (this.entries.length > KEEP) this.entries.splice(0, this.entries.length - KEEP);
    if (!this.routes.has(e.route)) {
      this.routes.add(e.route);
      const opt = document.createElement('option');
      opt.value = e.route;
      el('routes').append(opt);
    }
    this.queueDraw();
  }

  /** Flips "hold": a held log stops moving so a row can be read. */
  toggleHold() {
    this.hold.checked = !this.hold.checked;
    this.held = this.hold.checked;
    this.draw();
  }

  /** Accounts to filter by. @param {string[]} names */
  setAccounts(names) {
    const have = [...this.account.options].map((o) => o.value).filter(Boolean);
    if (have.join() === names.join()) return;
    const keep = this.account.value;
    this.account.replaceChildren(new Option('all', ''), ...names.map((n) => new Option(n, n)));
    this.account.value = names.includes(keep) ? keep : '';
  }

  queueDraw() {
    if (this.drawQueued || this.held) return;
    this.drawQueued = true;
    requestAnimationFrame(() => { this.drawQueued = false; this.draw(); });
  }

  /** @param {Entry} e */
  matches(e) {
    const route = this.route.value.trim().toLowerCase();
    return (!this.account.value || e.account === this.account.value)
      && (!route || e.route.toLowerCase().includes(route))
      && (!this.outcome.value || e.outcome === this.outcome.value);
  }

  draw() {
    if (this.held) return;
    const rows = [];
    let n = 0;
    for (let i = this.entries.length - 1; i >= 0 && rows.length < SHOWN; i--) {
      const e = /** @type {Entry} */ (this.entries[i]);
      if (!this.matches(e)) continue;
      n++;
      const note = [...e.faults.map((f) => `⚡ ${f}`), e.error ?? '', ...effectsText(e.effects)].filter(Boolean).join(' · ');
      rows.push(`<tr class="${outcomeClass(e.outcome)}" data-seq="${e.seq}" data-route="${esc(e.route)}">`
        + `<td>${offsetText(e.time - this.runStart)}</td><td>${esc(e.transport)}</td>${accountCell(e)}<td>${esc(e.route)}</td>`
        + `<td>${e.status || ''}</td><td><span class="badge">${esc(e.outcome)}</span></td><td>${Math.round(e.latencyMs)}</td><td>${esc(note)}</td></tr>`);
    }
    el('log').innerHTML = rows.join('');
    el('log-count').textContent = `${n} shown of ${this.entries.length} kept${this.missed ? ` · ${this.missed} missed (slow page)` : ''}`;
  }
}
