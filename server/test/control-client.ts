import { afterEach } from 'vitest';
import { startExchange, type StartOptions } from '../src/app.js';
import type { ScenarioInput } from '../src/scenario/schema.js';

/** A server started by a control-API test. */
export type Running = Awaited<ReturnType<typeof startExchange>>;

/**
 * Servers on port 0 and the manual clock running `scenario`, each closed after its test, and a
 * control API caller returning the HTTP status and parsed JSON.
 */
export function controlServers(scenario: ScenarioInput): {
  start(opts?: StartOptions): Promise<Running>;
  call(ex: Running, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; json: any }>;
} {
  const running: Running[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((ex) => ex.close()));
  });
  return {
    async start(opts = {}) {
      const ex = await startExchange({ scenario, port: 0, clock: 'manual', ...opts });
      running.push(ex);
      return ex;
    },
    async call(ex, method, path, body, headers = {}) {
      const res = await fetch(`${ex.url}/__chaos${path}`, {
        method, headers: { 'content-type': 'application/json', ...headers },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      return { status: res.status, json: await res.json() };
    },
  };
}
