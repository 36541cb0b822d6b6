import type WebSocket from 'ws';
import { median } from './stats.js';

/** One ping: its round trip and the server clock minus the client's at the midpoint (ms). */
interface Probe {
  rtt: number;
  offset: number;
}

/**
 * Reads chaos-exchange's simulated clock over a WebSocket v2 connection, NTP-style: each `ping`
 * is answered with the server's `time_out` (whole milliseconds, floored), so `time_out + 0.5`
 * minus the midpoint of the round trip estimates the offset from the client's
 * `performance.now()`. Comparing in the server's own clock avoids comparing two processes' wall
 * clocks, which drift apart by the NTP slew (hundreds of µs a second here).
 */
export class ClockProbe {
  private readonly probes: Probe[] = [];
  private readonly pending = new Map<number, number>();
  private seq = 0;

  constructor(private readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      const text = data.toString();
      const m = /"method":"pong","req_id":(\d+).*"time_out":"([^"]+)"/.exec(text);
      if (!m) return;
      const sent = this.pending.get(Number(m[1]));
      if (sent === undefined) return;
      const got = performance.now();
      this.pending.delete(Number(m[1]));
      this.probes.push({ rtt: got - sent, offset: Date.parse(m[2]!) + 0.5 - (sent + got) / 2 });
    });
  }

  /** Sends one ping (the answer is recorded when it comes). */
  ping(): void {
    const id = ++this.seq;
    this.pending.set(id, performance.now());
    this.ws.send(JSON.stringify({ method: 'ping', req_id: id }));
  }

  /** Server simulated ms minus client performance.now(), from the faster half of the probes (the least queued). */
  offset(): number {
    const fast = median(this.probes.map((p) => p.rtt));
    return median(this.probes.filter((p) => p.rtt <= fast).map((p) => p.offset));
  }

  /** One-way delay estimates (round trip / 2) of every probe so far, in ms. */
  oneWay(): number[] {
    return this.probes.map((p) => p.rtt / 2);
  }
}
