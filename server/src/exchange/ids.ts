import type { Rng } from '../clock/rng.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const DASH = 45;

/**
 * Exchange identifiers in Kraken's shapes, drawn from a seeded stream so that a replay produces
 * the same ids (80+ random bits each, so no registry of used ids has to grow): orders `OXXXXX-XXXXX-XXXXXX`, trades `T…`, ledger entries `L…`, funding refids.
 * Each id is built as one flat string (not joined piece by piece), so the history keeps 40 bytes per id rather than a rope of pieces.
 */
export class IdSource {
  constructor(private readonly rng: Rng) {}

  order(): string {
    return this.txid('O');
  }

  trade(): string {
    return this.txid('T');
  }

  ledger(): string {
    return this.txid('L');
  }

  /** Amend ids share the trade-id shape (`TEZA4R-DSDGT-IJBOJK`). */
  amend(): string {
    return this.trade();
  }

  /** Funding reference ids look like `FTQcuak-V6Za8qrWnhzTx67yYHz8Tg`. */
  funding(): string {
    const mixed = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    const pick = (n: number): string => Array.from({ length: n }, () => mixed[this.rng.int(0, mixed.length - 1)]).join('');
    return `F${pick(6)}-${pick(22)}`;
  }

  /** `PXXXXX-XXXXX-XXXXXX` for the prefix letter P, made from one array of char codes. */
  private txid(prefix: string): string {
    const codes = [prefix.charCodeAt(0)];
    for (let i = 0; i < 16; i++) {
      if (i === 5 || i === 10) codes.push(DASH);
      codes.push(ALPHABET.charCodeAt(this.rng.int(0, ALPHABET.length - 1)));
    }
    return String.fromCharCode(...codes);
  }
}
