import type { Rng } from '../clock/rng.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/**
 * Exchange identifiers in Kraken's shapes, drawn from a seeded stream so that a replay produces
 * the same ids (80+ random bits each, so no registry of used ids has to grow): orders `OXXXXX-XXXXX-XXXXXX`, trades `T…`, ledger entries `L…`, funding refids.
 */
export class IdSource {
  constructor(private readonly rng: Rng) {}

  order(): string {
    return `O${this.chars(5)}-${this.chars(5)}-${this.chars(6)}`;
  }

  trade(): string {
    return `T${this.chars(5)}-${this.chars(5)}-${this.chars(6)}`;
  }

  ledger(): string {
    return `L${this.chars(5)}-${this.chars(5)}-${this.chars(6)}`;
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

  private chars(n: number): string {
    let out = '';
    for (let i = 0; i < n; i++) out += ALPHABET[this.rng.int(0, ALPHABET.length - 1)];
    return out;
  }
}
