/** The longest line kept (characters); longer ones are cut with an ellipsis. */
const MAX_LINE = 500;

/** The last `max` lines of a byte stream, as UTF-8 text (a line cut across chunks is joined up). */
export class StderrTail {
  private kept: string[] = [];
  private partial = '';
  private readonly decoder = new TextDecoder();

  constructor(private readonly max: number) {}

  /** Adds a chunk of the stream. */
  push(chunk: Uint8Array): void {
    const parts = (this.partial + this.decoder.decode(chunk, { stream: true })).split(/\r?\n/);
    this.partial = parts.pop()!.slice(-MAX_LINE * 4);
    for (const line of parts) this.kept.push(line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)}…` : line);
    if (this.kept.length > this.max) this.kept = this.kept.slice(-this.max);
  }

  /** The last lines, oldest first (an unfinished last line included). */
  lines(): string[] {
    const all = this.partial === '' ? this.kept : [...this.kept, this.partial.slice(0, MAX_LINE)];
    return all.slice(-this.max);
  }
}
