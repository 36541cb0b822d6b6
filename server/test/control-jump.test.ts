import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../src/scenario/schema.js';
import { controlServers, type Running } from './control-client.js';

// `/jump` on a timeline with a repeated group: three phases named `slide`, told apart by the
// labels `/state` shows (`outage #2 / slide`).

const MIN = 60_000;

const SCENARIO: ScenarioInput = {
  name: 'flapping',
  market: { pairs: { 'XBT/USD': null } },
  timeline: [
    { name: 'calm', duration: '1m' },
    { name: 'outage', repeat: 3, phases: [{ name: 'slide', duration: '2m', mode: 'cancel_only' }, { name: 'hold', duration: '1m' }] },
    { name: 'back', duration: '1m' },
  ],
};

const { start, call } = controlServers(SCENARIO);

/** Jumps to `phase`; resolves to where the run then is (or the refusal). */
async function jump(ex: Running, phase: unknown): Promise<{ status: number; label: string; elapsedMin: number; cycle: number; error: string | undefined }> {
  const r = await call(ex, 'POST', '/jump', { phase });
  const s = r.status === 200 ? r.json : (await call(ex, 'GET', '/state')).json;
  return { status: r.status, label: s.phase.label, elapsedMin: s.elapsedMs / MIN, cycle: s.phase.cycle, error: r.json.error };
}

describe('/jump to a phase of a repeated group', () => {
  it('regression: accepts the label /state shows ("outage #2 / slide")', async () => {
    const ex = await start();
    expect(await jump(ex, 'outage #2 / slide')).toMatchObject({ status: 200, label: 'outage #2 / slide', elapsedMin: 4 });
  });

  it('accepts every label of the timeline /state shows, the end after it included, and lands at its start', async () => {
    const ex = await start();
    const timeline = (await call(ex, 'GET', '/state')).json.timeline as { index: number; label: string; startMs: number }[];
    expect(timeline.map((p) => p.label)).toEqual([
      'calm', 'outage #1 / slide', 'outage #1 / hold', 'outage #2 / slide', 'outage #2 / hold', 'outage #3 / slide', 'outage #3 / hold', 'back', 'end (timeline over)',
    ]);
    // Backwards too: each jump to an earlier phase restarts the scenario first.
    for (const p of [...timeline].reverse()) {
      expect(await jump(ex, p.label)).toMatchObject({ status: 200, label: p.label, elapsedMin: p.startMs / MIN });
    }
  });

  it('a bare name several phases share goes to the next of them from now (a restart first when all have passed)', async () => {
    const ex = await start();
    expect(await jump(ex, 'slide')).toMatchObject({ status: 200, label: 'outage #1 / slide', elapsedMin: 1 });
    // Already at its start: staying is the next start from now.
    expect(await jump(ex, 'slide')).toMatchObject({ label: 'outage #1 / slide', elapsedMin: 1 });
    await call(ex, 'POST', '/advance', { by: '30s' });
    expect(await jump(ex, 'slide')).toMatchObject({ status: 200, label: 'outage #2 / slide', elapsedMin: 4 });
    expect(await jump(ex, 'hold')).toMatchObject({ status: 200, label: 'outage #2 / hold', elapsedMin: 6 });
    await call(ex, 'POST', '/jump', { phase: 'back' });
    expect(await jump(ex, 'slide')).toMatchObject({ status: 200, label: 'outage #1 / slide', elapsedMin: 1 });
  });

  it('on a looping timeline, past the last of them it goes on to the next cycle', async () => {
    const ex = await start({ scenario: { ...SCENARIO, loop: true } });
    await call(ex, 'POST', '/jump', { phase: 'back' });
    expect(await jump(ex, 'slide')).toMatchObject({ status: 200, label: 'outage #1 / slide', cycle: 1, elapsedMin: 11 + 1 });
    expect(await jump(ex, 'outage #3 / slide')).toMatchObject({ status: 200, label: 'outage #3 / slide', cycle: 1, elapsedMin: 11 + 7 });
  });

  it('an index picks one phase; an unknown name is refused with a suggestion and the labels, not "slide, slide, slide"', async () => {
    const ex = await start();
    expect(await jump(ex, 5)).toMatchObject({ status: 200, label: 'outage #3 / slide', elapsedMin: 7 });
    const r = await jump(ex, 'outage #2 / slid');
    expect(r).toMatchObject({ status: 400, label: 'outage #3 / slide', elapsedMin: 7 });
    expect(r.error).toBe('phase: no phase "outage #2 / slid"; did you mean "outage #2 / slide"? (phases: calm, outage #1 / slide, outage #1 / hold, '
      + 'outage #2 / slide, outage #2 / hold, outage #3 / slide, outage #3 / hold, back, end (timeline over))');
    expect((await jump(ex, 'nothing like it')).error).toMatch(/^phase: no phase "nothing like it" \(phases: calm, outage #1 \/ slide, /);
    for (const bad of [99, -1, 1.5, true, null, '']) expect((await jump(ex, bad)).status).toBe(400);
  });

  it('a long timeline\'s refusal names the first phases and says how many more there are', async () => {
    const ex = await start({ scenario: { ...SCENARIO, timeline: [{ name: 'flap', repeat: 100, phases: [{ name: 'down', duration: '1m' }, { name: 'up', duration: '1m' }] }] } });
    const { error } = await jump(ex, 'sideways');
    expect(error).toMatch(/^phase: no phase "sideways" \(phases: flap #1 \/ down, flap #1 \/ up, .*, flap #10 \/ up, … and 181 more; GET \/__chaos\/state lists them all\)$/);
  });
});
