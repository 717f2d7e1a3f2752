/** What a line reader hands on: a line's bytes, or the news that a line was too long. */
export type LineEvent = { readonly line: Buffer } | { readonly tooLong: number };

/**
 * Splits a byte stream into newline-delimited lines (stdio's framing), holding at most `maxBytes`
 * of one line: the rest of a longer line is skipped, not buffered, and reported once.
 */
export class LineReader {
  private chunks: Buffer[] = [];
  private held = 0;
  private skipping = false;

  constructor(
    private readonly maxBytes: number,
    private readonly emit: (event: LineEvent) => void,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    for (let newline = chunk.indexOf(0x0a); newline !== -1; newline = chunk.indexOf(0x0a, start)) {
      this.take(chunk.subarray(start, newline));
      this.endLine();
      start = newline + 1;
    }
    if (start < chunk.length) this.take(chunk.subarray(start));
  }

  private take(part: Buffer): void {
    if (this.skipping || part.length === 0) return;
    if (this.held + part.length > this.maxBytes) {
      this.skipping = true;
      this.chunks = [];
      this.held = 0;
      return;
    }
    this.chunks.push(part);
    this.held += part.length;
  }

  private endLine(): void {
    if (this.skipping) {
      this.skipping = false;
      this.emit({ tooLong: this.maxBytes });
      return;
    }
    const line = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.held);
    this.chunks = [];
    this.held = 0;
    // Blank lines (spaces, tabs, a CR of CRLF) carry nothing.
    if (!isBlank(line)) this.emit({ line });
  }
}

function isBlank(line: Buffer): boolean {
  for (const byte of line) {
    if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0d) return false;
  }
  return true;
}
