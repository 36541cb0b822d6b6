import type { ApiGate } from './api-gate.js';
import type { BotContext } from './bot-context.js';

/** How often the resilient bot looks at the status page (simulated ms). */
export const STATUS_EVERY_MS = 30_000;

/**
 * Watches the exchange's status (B2) every STATUS_EVERY_MS and keeps a Statuspage indicator
 * (`none` = all systems operational). Kraken: the status page `status.json`, which sits apart from
 * the API, so it answers even when the API does not. Binance: ccxt's `fetchStatus()`
 * (`/sapi/v1/system/status`; status 1 is kept as the indicator `maintenance`: not tradable). If the
 * status cannot be read, the exchange is not taken to be operational.
 */
export class StatusWatch {
  private indicator = 'none';
  private next = 0;

  constructor(private readonly ctx: BotContext, private readonly api: ApiGate) {}

  /** When the next poll is due (ms since the epoch). */
  get dueAt(): number {
    return this.next;
  }

  /** Whether the page last said "All Systems Operational". */
  get operational(): boolean {
    return this.indicator === 'none';
  }

  /** Whether trading may go on: all is well or a part is out (minor, major), but no maintenance and no major outage (critical). */
  get tradable(): boolean {
    return this.indicator === 'none' || this.indicator === 'minor' || this.indicator === 'major';
  }

  /** Reads the page; true when it has just turned back to operational (a recovery to reconcile after). */
  async poll(): Promise<boolean> {
    await this.api.pace();
    this.next = this.ctx.now() + STATUS_EVERY_MS;
    const was = this.indicator;
    try {
      this.indicator = await this.read();
    } catch {
      this.indicator = 'unknown';
    }
    return was !== 'none' && this.indicator === 'none';
  }

  /** The current indicator, from the served API's own status source. */
  private async read(): Promise<string> {
    if (this.ctx.dialect === 'binance') {
      const status = (await this.ctx.exchange.fetchStatus()).status;
      return status === 'ok' ? 'none' : status === 'maintenance' ? 'maintenance' : 'unknown';
    }
    const page = (await this.ctx.exchange.fetch(this.ctx.statusUrl)) as { status?: { indicator?: string } };
    return page.status?.indicator ?? 'unknown';
  }
}
