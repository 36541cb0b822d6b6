import type { OrderFlag } from './types.js';

/** Kraken's order flags; a flag's index is its bit in a shared set's key. */
const ORDER_FLAGS: readonly OrderFlag[] = ['post', 'fcib', 'fciq', 'nompp', 'viqc'];

/** A set of order flags that refuses changes once built, so that any number of orders can share it. */
class SharedFlags extends Set<OrderFlag> {
  private sealed?: boolean;

  constructor(flags: readonly OrderFlag[]) {
    super(flags);
    this.sealed = true;
  }

  override add(flag: OrderFlag): this {
    if (this.sealed) throw new TypeError(`an order's flags are shared and never change (adding ${flag})`);
    return super.add(flag);
  }

  override delete(flag: OrderFlag): boolean {
    throw new TypeError(`an order's flags are shared and never change (deleting ${flag})`);
  }

  override clear(): void {
    throw new TypeError('an order\'s flags are shared and never change (clearing them)');
  }
}

/** The shared sets built so far, by key (at most 32). */
const shared: SharedFlags[] = [];

/**
 * The one unchangeable set holding exactly `flags`: an order points at it rather than keeping a
 * Set of its own (about 150 bytes, for each of up to `--order-history` orders held).
 */
export function flagSet(flags: Iterable<OrderFlag>): ReadonlySet<OrderFlag> {
  let key = 0;
  for (const flag of flags) {
    const bit = ORDER_FLAGS.indexOf(flag);
    if (bit < 0) throw new TypeError(`unknown order flag ${String(flag)}`);
    key |= 1 << bit;
  }
  return (shared[key] ??= new SharedFlags(ORDER_FLAGS.filter((_, bit) => (key & (1 << bit)) !== 0)));
}

/** The shared empty set of flags (an order with none, such as a conditional close). */
export const NO_FLAGS: ReadonlySet<OrderFlag> = flagSet([]);

/** `flags` with `flag` added (`on`) or taken out, as a shared set like flagSet's. */
export function withFlag(flags: ReadonlySet<OrderFlag>, flag: OrderFlag, on: boolean): ReadonlySet<OrderFlag> {
  return flagSet([...flags].filter((f) => f !== flag).concat(on ? [flag] : []));
}
