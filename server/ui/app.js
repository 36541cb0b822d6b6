// @ts-check
// The dashboard: polls the control API's /dashboard view, streams the log, and wires the controls.
import { call } from './api.js';
import { LiveLog } from './log.js';
import { priceChartSvg } from './chart.js';
import { durationText, esc, markerAt, modeName, offsetText, phaseBoxes, sparkline } from './render.js';
import { SteerPanel } from './steer.js';

/** How often the page asks for a fresh view (ms of real time); controls ask at once. */
const POLL_MS = 1000;

/** @param {string} id */
const el = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
/** @param {string} id */
const select = (id) => /** @type {HTMLSelectElement} */ (document.getElementById(id));

/** @type {any} */
let view;
/** Real time (performance.now) when `view` arrived, to move the marker smoothly between polls. */
let viewAt = 0;
/** @type {ReturnType<typeof setTimeout> | undefined} */
let pollTimer;
let inFlight = false;

const log = new LiveLog();

/** @param {string} text @param {boolean} [bad] */
function notify(text, bad = false) {
  const n = el('notice');
  n.textContent = text;
  n.className = bad ? 'bad' : 'good';
}

/**
 * Replaces a select's options when they changed, keeping the choice; `texts` (one per value) are
 * shown instead of the values. @param {HTMLSelectElement} s @param {string[]} values @param {string} [first] @param {string[]} [texts]
 */
function fillSelect(s, values, first, texts = values) {
  /** @type {[string, string][]} */
  const want = [...(first === undefined ? [] : [/** @type {[string, string]} */ (['', first])]), ...values.map((v, i) => /** @type {[string, string]} */ ([v, texts[i] ?? v]))];
  const shown = (/** @type {[string, string][]} */ list) => list.map(([v, t]) => `${v}\t${t}`).join('\n');
  if (shown([...s.options].map((o) => [o.value, o.text])) === shown(want)) return;
  const keep = s.value;
  s.replaceChildren(...want.map(([v, t]) => new Option(t, v)));
  if (want.some(([v]) => v === keep)) s.value = keep;
}

/** Simulated now, moved on by real time since the last view when a real clock runs. */
function estimatedNow() {
  const c = view.clock;
  if (c.kind !== 'system' || c.paused) return c.nowMs;
  return c.nowMs + (performance.now() - viewAt) * (c.speed ?? 1);
}

function drawMarker() {
  if (!view) return;
  const now = estimatedNow();
  const offset = now - view.cycle.start;
  const at = markerAt(view.timeline, offset);
  const marker = el('now-marker');
  marker.style.left = `${(at * 100).toFixed(3)}%`;
  marker.dataset.offsetMs = String(Math.round(offset));
  el('clock').textContent = new Date(now).toISOString().replace('T', ' ').slice(0, 19);
  el('elapsed').textContent = offsetText(now - Date.parse(view.startedAt)).slice(0, -4);
  if (view.phase.remainingMs !== null) el('phase-left').textContent = `${durationText(Math.max(0, view.phase.end ? Date.parse(view.phase.end) - now : 0))} left`;
}

function drawHeader() {
  el('scenario-name').textContent = view.scenario.name;
  el('scenario-name').title = view.scenario.description ?? '';
  const c = view.clock;
  const state = c.kind === 'manual' ? 'manual clock' : c.paused ? 'paused' : `running ${c.speed}×`;
  el('clock-state').textContent = state;
  el('clock-state').className = `pill ${c.paused ? 'warn' : 'good'}`;
  el('phase-name').textContent = view.phase.label ?? view.phase.name;
  if (view.phase.remainingMs === null) el('phase-left').textContent = '';
  el('mode').textContent = view.mode.global;
  el('mode').className = `pill mode m-${view.mode.global}`;
  el('status-indicator').textContent = view.status.description;
  el('status-indicator').className = `pill i-${view.status.indicator}`;
  el('system-controls').hidden = c.kind !== 'system';
  el('pause').textContent = c.paused ? 'Resume' : 'Pause';
  el('pause').setAttribute('aria-pressed', String(c.paused));
  if (c.speed !== null && document.activeElement !== select('speed')) select('speed').value = String(c.speed);
  el('cycle-note').textContent = view.cycle.length ? `loops every ${durationText(view.cycle.length)} · pass ${view.cycle.pass}` : '';
}

/**
 * The timeline: one button per phase (to scale), its mode, faults and request/error sparklines;
 * for a loop, the counts are the pass in force's and a second line totals every pass.
 */
function drawTimeline() {
  const boxes = phaseBoxes(view.timeline);
  const activity = new Map(view.activity.map((/** @type {any} */ a) => [a.index, a]));
  const top = Math.max(0.001, ...view.activity.flatMap((/** @type {any} */ a) => a.requestsPerSecond));
  const loops = view.cycle.pass !== null;
  el('phases').innerHTML = view.timeline.map((/** @type {any} */ p, /** @type {number} */ i) => {
    const b = boxes[i];
    const a = activity.get(p.index);
    const mode = modeName(p.mode);
    const current = p.index === view.phase.index ? ' current' : '';
    const sparks = a ? `<svg class="spark" viewBox="0 0 100 24" preserveAspectRatio="none" aria-hidden="true">${sparkline(a.requestsPerSecond, top, 'req')}${sparkline(a.errorsPerSecond, top, 'err')}</svg>` : '';
    const stats = a ? `${a.requests} req · ${a.errors} err` : '';
    // A loop's counts are this pass's; its totals keep the earlier passes the log still shows.
    const totals = a && loops ? `all passes: ${a.total.requests} req · ${a.total.errors} err` : '';
    return `<button type="button" class="phase m-${esc(mode)}${p.faults ? ' faulty' : ''}${b?.open ? ' open' : ''}${current}" data-phase="${esc(p.label)}" data-index="${p.index}"`
      + ` title="${esc(`${p.label} — ${mode}${p.faults ? `, ${p.faults} fault rule(s)` : ''}${p.endMs === null ? ' (open-ended)' : `, ${durationText(p.endMs - p.startMs)}`}${loops ? `. Pass ${view.cycle.pass}: ${stats}; ${totals}` : ''}. Choose to jump here.`)}">`
      + `<span class="pname">${esc(p.name)}</span><span class="pmeta">${esc(mode)}${p.faults ? ` · ⚡${p.faults}` : ''}</span>${sparks}<span class="pstats">${esc(stats)}</span>`
      + `${totals ? `<span class="ptotal">${esc(totals)}</span>` : ''}</button>`;
  }).join('');
  // Positions through the CSSOM: the page's policy allows no inline style attributes.
  el('phases').querySelectorAll('button').forEach((button, i) => {
    button.style.left = `${((boxes[i]?.left ?? 0) * 100).toFixed(3)}%`;
    button.style.width = `${((boxes[i]?.width ?? 0) * 100).toFixed(3)}%`;
  });
}

function drawStatus() {
  const s = view.status;
  el('components').innerHTML = s.components.map((/** @type {any} */ c) =>
    `<li class="${c.group ? 'group' : c.parent ? 'child' : ''}"><span class="dot c-${esc(c.status)}"></span>${esc(c.name)} <span class="dim">${esc(c.status.replace(/_/g, ' '))}</span></li>`).join('');
  el('incidents').innerHTML = [...s.incidents.map((/** @type {any} */ i) => `<li>⚠ ${esc(i.name)} <span class="dim">${esc(i.status)}</span></li>`),
    ...s.maintenances.map((/** @type {any} */ m) => `<li>⚙ ${esc(m.name)} <span class="dim">${esc(m.status)}</span></li>`)].join('');
}

function drawVerdict() {
  const v = view.verdict;
  const summary = el('verdict-summary');
  summary.textContent = !v.declared ? 'no checks declared' : v.checks.some((/** @type {any} */ c) => c.status === 'fail') ? 'failing' : 'passing so far';
  summary.className = `pill ${!v.declared ? '' : v.passed ? 'good' : 'bad'}`;
  const open = new Set([...document.querySelectorAll('#checks details[open]')].map((d) => /** @type {HTMLElement} */ (d).dataset.check));
  el('checks').innerHTML = v.checks.map((/** @type {any} */ c) =>
    `<li><details data-check="${esc(c.id)}"${open.has(c.id) ? ' open' : ''}><summary><span class="badge v-${esc(c.status.replace(/[^a-z]/g, ''))}">${esc(c.status)}</span> ${esc(c.title)}</summary>`
    + `<ul class="evidence small">${c.evidence.map((/** @type {string} */ e) => `<li>${esc(e)}</li>`).join('')}</ul></details></li>`).join('');
}

function drawChart() {
  // Times on the chart are t+ from the run's start, like the log's.
  el('chart').innerHTML = view.chart ? priceChartSvg(view.chart, Date.parse(view.startedAt)) : '';
  el('chart').setAttribute('aria-label', `Price of ${view.chart?.pair ?? ''}: ${view.chart?.orders.length ?? 0} orders, ${view.chart?.fills.length ?? 0} fills`);
}

function drawAll() {
  fillSelect(select('pair'), view.pairs);
  fillSelect(select('price-pair'), view.pairs);
  fillSelect(select('account'), view.accounts, 'all accounts');
  fillSelect(select('fund-account'), view.accounts);
  // By index: a repeated group's phases share a name (`slide`), and even labels can repeat.
  fillSelect(select('jump-phase'), view.timeline.map((/** @type {any} */ p) => String(p.index)), undefined, view.timeline.map((/** @type {any} */ p) => p.label));
  log.setAccounts(view.accounts);
  log.runStart = Date.parse(view.startedAt);
  drawHeader();
  drawTimeline();
  drawMarker();
  drawStatus();
  drawVerdict();
  drawChart();
  steer.drawInjected(view.faults.injected);
  document.body.dataset.ready = 'true';
}

/** Asks for a fresh view now, then every POLL_MS. */
async function refresh() {
  clearTimeout(pollTimer);
  if (inFlight) return;
  inFlight = true;
  try {
    const q = new URLSearchParams();
    if (select('pair').value) q.set('pair', select('pair').value);
    if (select('account').value) q.set('account', select('account').value);
    view = await call(`/dashboard?${q}`);
    viewAt = performance.now();
    drawAll();
  } catch (err) {
    notify(`cannot reach the control API: ${err instanceof Error ? err.message : String(err)}`, true);
  } finally {
    inFlight = false;
    pollTimer = setTimeout(() => void refresh(), POLL_MS);
  }
}

const steer = new SteerPanel(notify, () => void refresh());

/** Runs a control call, says what happened, refreshes. @param {() => Promise<string>} fn */
async function act(fn) {
  try {
    notify(await fn());
  } catch (err) {
    notify(err instanceof Error ? err.message : String(err), true);
  }
  await refresh();
}

const togglePause = () => act(async () => {
  const paused = view?.clock.paused;
  await call(paused ? '/resume' : '/pause', {});
  return paused ? 'resumed' : 'paused';
});
/** @param {string} by */
const advance = (by) => act(async () => { await call('/advance', { by }); return `advanced ${by}`; });
/** Jumps to the phase at `index` of the timeline, called `label`. @param {number} index @param {string} label */
const jump = (index, label) => act(async () => { await call('/jump', { phase: index }); return `jumped to ${label}`; });
function nextPhase() {
  const next = view.timeline[(view.phase.index + 1) % view.timeline.length];
  if (next) void jump(next.index, next.label);
}

el('pause').addEventListener('click', () => void togglePause());
select('speed').addEventListener('change', () => void act(async () => { await call('/speed', { speed: Number(select('speed').value) }); return `speed ${select('speed').value}×`; }));
for (const b of document.querySelectorAll('[data-advance]')) b.addEventListener('click', () => void advance(/** @type {HTMLElement} */ (b).dataset.advance ?? '1s'));
el('jump').addEventListener('click', () => {
  const s = select('jump-phase');
  if (s.value !== '') void jump(Number(s.value), s.selectedOptions[0]?.text ?? s.value);
});
el('restart').addEventListener('click', () => void act(async () => { await call('/restart', {}); return 'restarted'; }));
el('phases').addEventListener('click', (ev) => {
  const box = /** @type {HTMLElement} */ (ev.target).closest('button')?.dataset;
  if (box?.index !== undefined) void jump(Number(box.index), box.phase ?? box.index);
});
for (const id of ['pair', 'account']) select(id).addEventListener('change', () => void refresh());
el('help-button').addEventListener('click', () => /** @type {HTMLDialogElement} */ (el('help')).showModal());

document.addEventListener('keydown', (ev) => {
  const t = /** @type {HTMLElement} */ (ev.target);
  if (ev.ctrlKey || ev.metaKey || ev.altKey || t.closest('input, select, textarea, dialog')) return;
  const keys = /** @type {Record<string, () => void>} */ ({
    p: () => { if (view?.clock.kind === 'system') void togglePause(); },
    '.': () => { if (view?.clock.kind === 'manual') void advance('10s'); },
    n: nextPhase,
    '/': () => el('log-route').focus(),
    h: () => log.toggleHold(),
    '?': () => /** @type {HTMLDialogElement} */ (el('help')).showModal(),
  });
  const fn = keys[ev.key];
  if (fn) {
    ev.preventDefault();
    fn();
  }
});

function animate() {
  drawMarker();
  requestAnimationFrame(animate);
}

log.connect();
void steer.load().catch((err) => notify(`cannot load the fault kinds: ${err.message}`, true));
void refresh().then(() => requestAnimationFrame(animate));
