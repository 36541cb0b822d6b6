import { describe, expect, it } from 'vitest';
import { fake, fakeLater } from './fake.js';
import { Rng } from './rng.js';

describe('fakeLater', () => {
  it('moves the stream as fake does, and makes the same value whenever it is first read', () => {
    const now = new Rng('seed');
    const later = new Rng('seed');
    const eager = fake(now, (f) => f.finance.bitcoinAddress());
    const deferred = fakeLater(later, (f) => f.finance.bitcoinAddress());
    // The streams are at the same place, so what comes next is the same too.
    expect(later.nextUint32()).toBe(now.nextUint32());
    // Other fake data made in between (re-seeding the shared faker) does not change it.
    fake(new Rng('other'), (f) => f.finance.iban());
    expect(deferred()).toBe(eager);
    expect(deferred()).toBe(eager);
    expect(eager).toMatch(/^[13][1-9A-HJ-NP-Za-km-z]{25,34}$/);
  });
});
