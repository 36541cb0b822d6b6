// @ts-check
// The "Steer" panel: inject a fault from the menu of built-in kinds, remove injected faults, fund an
// account, move a price. Every action is a control API call; its answer or error goes to the notice line.
import { call } from './api.js';
import { esc } from './render.js';

/**
 * @typedef {{ name: string, type: string, values?: string[], required: boolean, description?: string }} FaultField
 * @typedef {{ kind: string, transport: 'rest' | 'ws', fields: FaultField[] }} FaultKind
 * @typedef {{ label: string, kind: string, options: Record<string, unknown>, route?: string, channel?: string, probability?: number, duration?: string }} Preset
 */

/** Ready-made faults for the usual outage moves (each fills the form; nothing is sent until "Inject"). */
/** @type {Preset[]} */
export const PRESETS = [
  { label: '502 storm (Cloudflare page), half the calls, 2 min', kind: 'status', options: { status: 502 }, probability: 0.5, duration: '2m' },
  { label: 'EService:Unavailable on every call, 1 min', kind: 'error', options: { error: 'EService:Unavailable' }, duration: '1m' },
  { label: 'EService:Busy on AddOrder', kind: 'error', options: { error: 'EService:Busy' }, route: 'AddOrder' },
  { label: '429 with Retry-After 30s', kind: 'status', options: { status: 429, retryAfter: '30s' }, duration: '2m' },
  { label: 'Slow replies: 5 s latency', kind: 'latency', options: { fixed: '5s' }, duration: '2m' },
  { label: 'Requests hang (timeouts)', kind: 'hang', options: {}, probability: 0.3, duration: '1m' },
  { label: 'Empty body (200, nothing)', kind: 'empty', options: {}, probability: 0.3, duration: '1m' },
  { label: 'WebSocket: drop every connection (1006)', kind: 'disconnect', options: {}, duration: '30s' },
  { label: 'WebSocket: freeze the book', kind: 'freeze', options: {}, channel: 'book', duration: '1m' },
  { label: 'WebSocket: corrupt book checksums', kind: 'corrupt-checksum', options: {}, channel: 'book', probability: 0.2, duration: '1m' },
];

/** @param {string} id */
const el = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
/** @param {string} id */
const input = (id) => /** @type {HTMLInputElement} */ (document.getElementById(id));

/** A form value as the schema wants it: numbers for number fields, JSON where it parses, else text. @param {FaultField} f @param {string} raw */
function valueOf(f, raw) {
  if (f.type === 'number' || f.type === 'integer') return Number(raw);
  if (f.type === 'boolean') return raw === 'true';
  if (f.type === 'other') {
    try {
      return JSON.parse(raw);
    } catch {
      return raw;
    }
  }
  return raw;
}

export class SteerPanel {
  /** @param {(text: string, bad?: boolean) => void} notify @param {() => void} refresh */
  constructor(notify, refresh) {
    this.notify = notify;
    this.refresh = refresh;
    /** @type {FaultKind[]} */
    this.kinds = [];
    this.kind = /** @type {HTMLSelectElement} */ (el('kind'));
    this.preset = /** @type {HTMLSelectElement} */ (el('preset'));
    this.preset.append(...PRESETS.map((p, i) => new Option(p.label, String(i))));
    this.kind.addEventListener('change', () => {
      this.preset.value = '';
      this.drawFields({});
    });
    this.preset.addEventListener('change', () => this.applyPreset());
    el('inject-form').addEventListener('submit', (ev) => { ev.preventDefault(); void this.act(() => this.inject()); });
    el('fund-form').addEventListener('submit', (ev) => { ev.preventDefault(); void this.act(() => this.fund()); });
    el('price-form').addEventListener('submit', (ev) => { ev.preventDefault(); void this.act(() => this.movePrice()); });
    el('injected').addEventListener('click', (ev) => {
      const id = /** @type {HTMLElement} */ (ev.target).closest('button')?.dataset.remove;
      if (id) void this.act(async () => { await call(`/faults/${encodeURIComponent(id)}`, undefined, 'DELETE'); return `removed ${id}`; });
    });
  }

  /** Loads the kinds menu from the server (the same schemas that validate scenarios). */
  async load() {
    this.kinds = (await call('/kinds')).kinds;
    const group = (/** @type {string} */ t, /** @type {string} */ label) => {
      const g = document.createElement('optgroup');
      g.label = label;
      g.append(...this.kinds.filter((k) => k.transport === t).map((k) => new Option(k.kind, k.kind)));
      return g;
    };
    this.kind.replaceChildren(group('rest', 'REST'), group('ws', 'WebSocket'));
    this.drawFields({});
  }

  /** @param {() => Promise<string>} fn */
  async act(fn) {
    try {
      this.notify(await fn());
    } catch (err) {
      this.notify(err instanceof Error ? err.message : String(err), true);
    }
    this.refresh();
  }

  applyPreset() {
    const p = PRESETS[Number(this.preset.value)];
    if (!p) return;
    this.kind.value = p.kind;
    this.drawFields(p.options);
    input('match-route').value = p.route ?? '';
    input('match-channel').value = p.channel ?? '';
    input('probability').value = String(p.probability ?? 1);
    input('duration').value = p.duration ?? '';
  }

  /** The chosen kind's options as inputs, filled from `values`. @param {Record<string, unknown>} values */
  drawFields(values) {
    const k = this.kinds.find((x) => x.kind === this.kind.value);
    if (!k) return;
    el('route-label').hidden = k.transport !== 'rest';
    el('channel-label').hidden = k.transport !== 'ws';
    el('kind-fields').innerHTML = k.fields.map((f) => {
      const v = values[f.name] === undefined ? '' : typeof values[f.name] === 'string' ? String(values[f.name]) : JSON.stringify(values[f.name]);
      const id = `field-${f.name}`;
      const title = f.description ? ` title="${esc(f.description)}"` : '';
      const control = f.type === 'enum'
        ? `<select id="${id}" data-field="${esc(f.name)}"><option value=""></option>${(f.values ?? []).map((o) => `<option${o === v ? ' selected' : ''}>${esc(o)}</option>`).join('')}</select>`
        : `<input id="${id}" data-field="${esc(f.name)}" value="${esc(v)}" size="10"${f.required ? ' required' : ''}${f.type === 'number' || f.type === 'integer' ? ' inputmode="decimal"' : ''}>`;
      return `<label${title}>${esc(f.name)}${f.required ? ' *' : ''} ${control}</label>`;
    }).join('');
  }

  async inject() {
    const k = this.kinds.find((x) => x.kind === this.kind.value);
    if (!k) throw new Error('choose a kind');
    /** @type {Record<string, unknown>} */
    const effect = { kind: k.kind };
    for (const f of k.fields) {
      const raw = /** @type {HTMLInputElement} */ (document.getElementById(`field-${f.name}`)).value.trim();
      if (raw !== '') effect[f.name] = valueOf(f, raw);
    }
    /** @type {Record<string, unknown>} */
    const match = {};
    const route = input('match-route').value.trim();
    const channel = input('match-channel').value.trim();
    if (k.transport === 'rest' && route) match.route = route;
    if (k.transport === 'ws' && channel) match.channel = channel;
    const probability = Number(input('probability').value);
    const duration = input('duration').value.trim();
    const rule = {
      name: `dashboard: ${this.preset.selectedIndex > 0 ? this.preset.selectedOptions[0]?.textContent : k.kind}`,
      ...(Object.keys(match).length ? { match } : {}),
      ...(probability < 1 ? { probability } : {}),
      effect,
      ...(duration ? { duration } : {}),
    };
    const added = await call('/faults', rule);
    return `injected ${added.id} (${k.kind})${added.untilIso ? ` until ${added.untilIso.slice(11, 19)}` : ''}`;
  }

  async fund() {
    const r = await call('/fund', { account: /** @type {HTMLSelectElement} */ (el('fund-account')).value, asset: input('fund-asset').value.trim(), amount: input('fund-amount').value.trim(), instant: true });
    return `deposited to ${r.account}: ${r.asset} (${r.refid}, ${r.status})`;
  }

  async movePrice() {
    const r = await call('/price', { pair: /** @type {HTMLSelectElement} */ (el('price-pair')).value, change: Number(input('price-change').value) });
    return `${r.pair} mid now ${Number(r.mid).toPrecision(8)}`;
  }

  /** The injected faults in force, each with a remove button. @param {{ id: string, rule: { name?: string, effect: { kind: string } }, lasts: string | null, until: string | null }[]} list */
  drawInjected(list) {
    el('injected').innerHTML = list.length === 0 ? '<li class="dim">no injected faults</li>' : list.map((f) =>
      `<li data-fault="${esc(f.id)}"><span class="badge o-fault">${esc(f.rule.effect.kind)}</span> ${esc(f.rule.name ?? f.id)}`
      + ` <span class="dim">${f.until ? `until ${esc(f.until.slice(11, 19))}` : 'until removed'}</span>`
      + ` <button type="button" data-remove="${esc(f.id)}" aria-label="Remove ${esc(f.rule.name ?? f.id)}">remove</button></li>`).join('');
  }
}
