// The client of the latency-accuracy benchmark, in a process of its own so that the harness's
// heap (autocannon's results, earlier benchmarks) never pauses it mid-measurement.
// argv: URL PAIRS PLAIN_HEADERS DELAYED_HEADERS PATH (headers as JSON objects). Sends PAIRS
// undelayed and delayed GETs in turn on one keep-alive connection, after WARMUP unmeasured
// undelayed ones, and prints {plain, delayed}: the round trips in ms, as JSON on one line.
import { RawClient } from '../raw-client.js';

/** What this process prints. */
export interface LatencySample {
  plain: number[];
  delayed: number[];
}

/**
 * Undelayed requests sent first and not measured: enough for the JIT to settle and for a freshly
 * started server's first major garbage collections (its start-up's garbage, up to 15 ms on the
 * two-core machine) to happen before the measurement rather than in it.
 */
const WARMUP = 2_000;

const [url, pairsText, plainHeaders, delayedHeaders, path] = process.argv.slice(2);
if (!url || !pairsText || !plainHeaders || !delayedHeaders || !path) throw new Error('usage: latency-client URL PAIRS PLAIN_HEADERS DELAYED_HEADERS PATH');
const plain = RawClient.request(path, JSON.parse(plainHeaders) as Record<string, string>);
const delayed = RawClient.request(path, JSON.parse(delayedHeaders) as Record<string, string>);
const out: LatencySample = { plain: [], delayed: [] };
const client = await RawClient.open(url);
for (let w = 0; w < WARMUP; w++) await client.send(plain);
for (let n = 0; n < Number(pairsText); n++) {
  out.plain.push((await client.send(plain)).ms);
  const r = await client.send(delayed);
  if (r.status !== 200) throw new Error(`the delayed request answered ${r.status}`);
  out.delayed.push(r.ms);
}
client.close();
process.stdout.write(`${JSON.stringify(out)}\n`);
