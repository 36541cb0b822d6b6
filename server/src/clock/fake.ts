import { createRequire } from 'node:module';
import type { faker as enFaker } from '@faker-js/faker/locale/en';

type Faker = typeof enFaker;

const requireHere = createRequire(import.meta.url);
let loaded: Faker | undefined;

/**
 * The one (English-only) faker instance, loaded on first use rather than at start-up: its word
 * lists are the largest module `serve` would otherwise load before it is ready, and most runs make
 * no fake data until a bot asks for an address or withdraws. Loaded synchronously (Node ≥ 20.19
 * can `require` an ES module), since the funding code that asks for it is synchronous.
 */
function theFaker(): Faker {
  loaded ??= (requireHere('@faker-js/faker/locale/en') as { faker: Faker }).faker;
  return loaded;
}

/**
 * Realistic fake data (addresses, hashes, IBANs) drawn from a seeded stream: faker is re-seeded
 * from `rng` before every use, so its output depends only on our seed, however many exchanges
 * share the one faker instance.
 */
export function fake<T>(rng: { nextUint32(): number }, make: (f: Faker) => T): T {
  return fakeWithSeed(rng.nextUint32(), make);
}

/**
 * `fake`, made when first read: the seed is drawn from `rng` now, so the stream moves on exactly
 * as `fake` would move it and the value is the same whenever it is made.
 */
export function fakeLater<T>(rng: { nextUint32(): number }, make: (f: Faker) => T): () => T {
  const seed = rng.nextUint32();
  let made: { value: T } | undefined;
  return () => (made ??= { value: fakeWithSeed(seed, make) }).value;
}

function fakeWithSeed<T>(seed: number, make: (f: Faker) => T): T {
  const faker = theFaker();
  faker.seed(seed);
  return make(faker);
}
