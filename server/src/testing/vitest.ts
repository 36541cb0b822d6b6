import { afterAll, beforeAll } from 'vitest';
import { startExchange, type RunningExchange, type StartOptions } from '../app.js';
import type { Clock, ManualClock } from '../clock/clock.js';
import type { ScenarioInput } from '../scenario/schema.js';

/** Options of useChaosExchange: StartOptions without the scenario; the clock is a ManualClock unless one is given. */
export type ChaosExchangeOptions<C extends Clock = ManualClock> = Omit<StartOptions, 'scenario' | 'clock'> & {
  /** 'manual' (the default), or a Clock of your own (a SystemClock for real time). */
  clock?: 'manual' | C;
};

/** The exchange of the enclosing test file or describe block; reading it outside a test or hook throws. */
export type ChaosExchangeHandle<C extends Clock = ManualClock> = Omit<RunningExchange<C>, 'close'>;

/**
 * Starts a chaos-exchange server (port 0, manual clock by default) in `beforeAll` and closes it in
 * `afterAll` of the file or describe block it is called in, and returns getters onto it
 * (`url`, `clock`, `exchange`, `accounts`, `journal`…), so every test in that scope shares one run.
 */
export function useChaosExchange<C extends Clock = ManualClock>(scenario: string | ScenarioInput, options: ChaosExchangeOptions<C> = {}): ChaosExchangeHandle<C> {
  let running: RunningExchange | undefined;
  beforeAll(async () => {
    running = await startExchange({ port: 0, ...options, scenario, clock: options.clock ?? 'manual' });
  });
  afterAll(async () => {
    const r = running;
    running = undefined;
    await r?.close();
  });
  const live = (): RunningExchange => {
    if (running) return running;
    throw new Error('useChaosExchange: the exchange runs from beforeAll to afterAll of its scope; read it inside a test or hook');
  };
  return {
    get url() { return live().url; },
    get host() { return live().host; },
    get port() { return live().port; },
    get accounts() { return live().accounts; },
    get clock() { return live().clock as C; },
    get exchange() { return live().exchange; },
    get engine() { return live().engine; },
    get status() { return live().status; },
    get scenario() { return live().scenario; },
    get journal() { return live().journal; },
    get journalFrom() { return live().journalFrom; },
    get requestsWaitingOnClock() { return live().requestsWaitingOnClock; },
    get proxy() { return live().proxy; },
  };
}
