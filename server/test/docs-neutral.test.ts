import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { binanceDialect } from '../src/api/binance/dialect.js';
import { BINANCE_ERRORS } from '../src/api/binance/error-words.js';
import { channelOperation as binanceChannel, controlOperation, restOperation as binanceRest } from '../src/api/binance/operations.js';
import { METHODS as WS_API_METHODS } from '../src/api/binance/ws-api/methods.js';
import { krakenDialect } from '../src/api/kraken/dialect.js';
import { KRAKEN_ERRORS } from '../src/api/kraken/error-words.js';
import { channelOperation as krakenChannel, restOperation as krakenRest, wsOperation } from '../src/api/kraken/operations.js';
import { NEUTRAL_ERROR_NAMES } from '../src/exchange/neutral-errors.js';
import { OPERATION_NAMES, type Operation } from '../src/exchange/operations.js';
import { packageRoot } from '../src/scenario/builtin.js';

// The neutral operation and error tables of docs/scenarios.md are written by hand; these checks
// hold them to the code's maps, so a route, method, channel or error word added or moved shows here.

const doc = readFileSync(join(packageRoot(), 'docs', 'scenarios.md'), 'utf8');

/** The table row that starts with `` | `name` | `` under the given heading. */
function rowOf(heading: string, name: string): string {
  const section = doc.slice(doc.indexOf(heading));
  const row = section.split('\n').find((l) => l.startsWith(`| \`${name}\` |`));
  if (!row) throw new Error(`docs/scenarios.md: no row for ${name} under ${heading}`);
  return row;
}

/** Every native name of both dialects that maps to `op`, as the docs must show it in that operation's row. */
function namesOf(op: Operation): string[] {
  const klines = (c: string): boolean => !c.startsWith('kline_') || c === 'kline_1m' || c === 'kline_1M';
  return [
    ...krakenDialect.routes.map((r) => r.id).filter((id) => krakenRest(id) === op),
    ...krakenDialect.wsRequests.filter((r) => r !== 'subscribe' && wsOperation(r, false) === op),
    ...krakenDialect.wsChannels.filter((c) => krakenChannel(c) === op),
    ...binanceDialect.routes.map((r) => r.id).filter((id) => binanceRest(id) === op),
    ...Object.entries(WS_API_METHODS).filter(([, m]) => m.op === op).map(([name]) => name),
    ...binanceDialect.wsRequests.filter((r) => controlOperation(r) === op),
    // The kline intervals are written as a range (`kline_1m` … `kline_1M`).
    ...binanceDialect.wsChannels.filter((c) => binanceChannel(c) === op && klines(c)),
  ];
}

describe('docs/scenarios.md: neutral operations and errors', () => {
  it('every operation has a row naming each Kraken and Binance route, method, request and channel mapped to it', () => {
    expect(namesOf('place-order')).toEqual(expect.arrayContaining(['AddOrder', 'add_order', 'POST /api/v3/order', 'order.place']));
    expect(namesOf('open-orders')).toContain('executionReport');
    for (const op of OPERATION_NAMES) {
      const row = rowOf('#### `op`', op);
      for (const name of namesOf(op)) expect(row, `${op}: ${name}`).toContain(`\`${name}\``);
    }
  });

  it('every neutral error has a row with Kraken\'s string and Binance\'s code, message and HTTP status', () => {
    for (const name of NEUTRAL_ERROR_NAMES) {
      const row = rowOf('#### Neutral errors', name);
      const b = BINANCE_ERRORS[name];
      expect(row, name).toContain(`\`${KRAKEN_ERRORS[name]}\``);
      expect(row, name).toContain(`| ${b.code} |`);
      expect(row, name).toContain(b.msg.split('%s')[0]!.slice(0, 40));
      expect(row.trimEnd(), name).toMatch(new RegExp(`\\| ${b.status} \\|$`));
    }
  });
});
