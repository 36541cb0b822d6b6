import { crc32 } from 'node:zlib';

/** A book level as the wire prints it: decimal text at the pair's full precision. */
export interface LevelText {
  price: string;
  qty: string;
}

/** One level's contribution: the price then the quantity, each without its `.` and leading zeros. */
function levelKey(l: LevelText): string {
  const strip = (s: string): string => s.replace('.', '').replace(/^0+/, '');
  return strip(l.price) + strip(l.qty);
}

/**
 * Kraken's book checksum (WebSocket v1 and v2): CRC32 (IEEE, unsigned) of the best 10 asks
 * (ascending) followed by the best 10 bids (descending), each level written as above. The texts
 * must carry the pair's full precision (`0.00100000`, not `0.001`), or every client that checks fails.
 */
export function bookChecksum(asks: readonly LevelText[], bids: readonly LevelText[]): number {
  let text = '';
  for (const l of asks.slice(0, 10)) text += levelKey(l);
  for (const l of bids.slice(0, 10)) text += levelKey(l);
  return crc32(text) >>> 0;
}
