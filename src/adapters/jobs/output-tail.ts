import { printable } from './control-characters.js';

const LAST_LINE_MAX = 200;

/** What was kept of one output stream. */
export interface CapturedOutput {
  /** The last bytes of the stream (at most the cap), decoded as UTF-8. */
  readonly text: string;
  readonly totalBytes: number;
  readonly truncated: boolean;
  readonly lines: number;
}

/**
 * Keeps the last `capacity` bytes of a stream in a fixed ring buffer, whatever the stream's size:
 * a flood costs copying, never memory. Counts bytes and lines, and remembers the last line for
 * progress messages.
 */
export class OutputTail {
  /** Grows on demand up to `capacity`: most jobs print far less than their cap. */
  private ring: Buffer = Buffer.alloc(0);
  private start = 0;
  private size = 0;
  private total = 0;
  private newlines = 0;
  private endsWithNewline = true;
  private lastLineText = '';

  constructor(readonly capacity: number) {}

  write(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.total += chunk.length;
    this.countLines(chunk);
    this.makeRoom(chunk.length);
    const capacity = this.ring.length;
    if (chunk.length >= capacity) {
      chunk.copy(this.ring, 0, chunk.length - capacity);
      this.start = 0;
      this.size = capacity;
      return;
    }
    const end = (this.start + this.size) % capacity;
    const first = Math.min(chunk.length, capacity - end);
    chunk.copy(this.ring, end, 0, first);
    chunk.copy(this.ring, 0, first);
    const overflow = Math.max(0, this.size + chunk.length - capacity);
    this.size = Math.min(capacity, this.size + chunk.length);
    this.start = (this.start + overflow) % capacity;
  }

  /** Grows the ring (keeping its bytes in order) so `incoming` more fit, up to the capacity. */
  private makeRoom(incoming: number): void {
    const needed = Math.min(this.capacity, this.size + incoming);
    if (needed <= this.ring.length) return;
    const grown = Buffer.allocUnsafe(
      Math.min(this.capacity, Math.max(needed, 2 * this.ring.length, 4096)),
    );
    const kept = this.ordered();
    kept.copy(grown, 0);
    this.ring = grown;
    this.start = 0;
  }

  /** The kept bytes, oldest first. */
  private ordered(): Buffer {
    const capacity = this.ring.length;
    return Buffer.concat([
      this.ring.subarray(this.start, Math.min(this.start + this.size, capacity)),
      this.ring.subarray(0, Math.max(0, this.start + this.size - capacity)),
    ]);
  }

  get totalBytes(): number {
    return this.total;
  }

  /** Lines seen so far; a last line without a newline counts too. */
  get lines(): number {
    return this.newlines + (this.endsWithNewline ? 0 : 1);
  }

  get lastLine(): string {
    return this.lastLineText;
  }

  captured(): CapturedOutput {
    const tail = this.ordered();
    const truncated = this.total > this.size;
    return {
      text: (truncated ? skipPartialCharacter(tail) : tail).toString('utf8'),
      totalBytes: this.total,
      truncated,
      lines: this.lines,
    };
  }

  private countLines(chunk: Buffer): void {
    let at = chunk.indexOf(10);
    while (at !== -1) {
      this.newlines++;
      at = chunk.indexOf(10, at + 1);
    }
    this.endsWithNewline = chunk[chunk.length - 1] === 10;
    const text = chunk.subarray(Math.max(0, chunk.length - 4 * LAST_LINE_MAX)).toString('utf8');
    const line = text
      .split('\n')
      .map((candidate) => candidate.trim())
      .filter((candidate) => candidate.length > 0)
      .pop();
    if (line) this.lastLineText = printable(line).slice(-LAST_LINE_MAX);
  }
}

/** A cut tail may start inside a UTF-8 sequence; drop its continuation bytes (10xxxxxx). */
function skipPartialCharacter(tail: Buffer): Buffer {
  let skip = 0;
  while (skip < 3 && skip < tail.length && ((tail[skip] ?? 0) & 0xc0) === 0x80) skip++;
  return tail.subarray(skip);
}
