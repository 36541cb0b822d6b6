import { describe, expect, it } from 'vitest';
import { MESSAGE_BUDGET, MessageBudget } from './message-budget.js';

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
});
