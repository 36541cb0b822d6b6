import { describe, expect, it, vi } from 'vitest';
import { MESSAGE_BUDGET, MessageBudget, messageGate, OVER_BUDGET_PAUSE_MS } from './message-budget.js';

describe('MessageBudget', () => {
  it('admits a burst, then as many as it earns back in real time; refused messages take nothing', () => {
    let now = 5_000;
    const budget = new MessageBudget(() => now, { burst: 3, perSecond: 10 });
    expect([budget.admit(), budget.admit(), budget.admit(), budget.admit()]).toEqual([true, true, true, false]);
    now += 99;
    expect(budget.admit()).toBe(false);
    now += 1;
    expect([budget.admit(), budget.admit()]).toEqual([true, false]);
    // A long silence refills it to the burst, no further.
    now += 60_000;
    expect([budget.admit(), budget.admit(), budget.admit(), budget.admit()]).toEqual([true, true, true, false]);
  });

  it("by default: 1,000 at once, 100 more a second", () => {
    let now = 0;
    const budget = new MessageBudget(() => now);
    let admitted = 0;
    for (let i = 0; i < 1_500; i++) if (budget.admit()) admitted++;
    expect(admitted).toBe(MESSAGE_BUDGET.burst);
    now += 1_000;
    for (let i = 0; i < 500; i++) if (budget.admit()) admitted++;
    expect(admitted).toBe(MESSAGE_BUDGET.burst + MESSAGE_BUDGET.perSecond);
    expect(MESSAGE_BUDGET).toEqual({ burst: 1_000, perSecond: 100 });
  });

  it('the gate stops reading the socket for OVER_BUDGET_PAUSE_MS at the first message over the budget, once, then reads on', () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    try {
      const calls: string[] = [];
      const socket = { pause: () => calls.push('pause'), resume: () => calls.push('resume') };
      const admit = messageGate(socket, new MessageBudget(() => 0, { burst: 2, perSecond: 1 }));
      expect([admit(), admit(), admit(), admit()]).toEqual([true, true, false, false]);
      expect(calls).toEqual(['pause']);
      vi.advanceTimersByTime(OVER_BUDGET_PAUSE_MS - 1);
      expect(calls).toEqual(['pause']);
      vi.advanceTimersByTime(1);
      expect(calls).toEqual(['pause', 'resume']);
      expect(admit()).toBe(false);
      expect(calls).toEqual(['pause', 'resume', 'pause']);
      // A stand-in without pause/resume (msw) is only counted.
      const bare = messageGate({}, new MessageBudget(() => 0, { burst: 1, perSecond: 1 }));
      expect([bare(), bare()]).toEqual([true, false]);
    } finally {
      vi.useRealTimers();
    }
  });
});
