import { faker } from '@faker-js/faker/locale/en';

type Faker = typeof faker;

/**
 * Realistic fake data (addresses, hashes, IBANs) drawn from a seeded stream: faker is re-seeded
 * from `rng` before every use, so its output depends only on our seed, however many exchanges
 * share the one (English-only, quick to load) faker instance.
 */
export function fake<T>(rng: { nextUint32(): number }, make: (f: Faker) => T): T {
  faker.seed(rng.nextUint32());
  return make(faker);
}
