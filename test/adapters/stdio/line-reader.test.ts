import { LineReader, type LineEvent } from '../../../src/adapters/stdio/line-reader.js';

/** A reader of lines up to `maxBytes`, and what it has handed on, lines as text. */
function reader(maxBytes = 64) {
  const events: LineEvent[] = [];
  const lines = new LineReader(maxBytes, (event) => events.push(event));
  const seen = () => events.map((event) => ('line' in event ? event.line.toString('utf8') : event));
  const push = (...chunks: string[]) => {
    for (const chunk of chunks) lines.push(Buffer.from(chunk, 'utf8'));
  };
  return { lines, push, seen };
}

describe('LineReader', () => {
  it('hands on each newline-ended line of a chunk', () => {
    const { push, seen } = reader();
    push('{"id":1}\n{"id":2}\n');
    expect(seen()).toEqual(['{"id":1}', '{"id":2}']);
  });

  it('joins a line split across chunks, and holds a line until its newline comes', () => {
    const { push, seen } = reader();
    push('{"id"', ':1', '}');
    expect(seen()).toEqual([]);
    push('\n{"id":2', '}\n');
    expect(seen()).toEqual(['{"id":1}', '{"id":2}']);
  });

  it('ends a line at a newline that starts the next chunk', () => {
    const { push, seen } = reader();
    push('abc', '\ndef', '\n');
    expect(seen()).toEqual(['abc', 'def']);
  });

  it('keeps a multi-byte character split across chunks whole', () => {
    const { lines, seen } = reader();
    const text = Buffer.from('"é"\n', 'utf8');
    lines.push(text.subarray(0, 2));
    lines.push(text.subarray(2));
    expect(seen()).toEqual(['"é"']);
  });

  it('takes CRLF line ends: the CR stays with the line, where JSON reads it as whitespace', () => {
    const { push, seen } = reader();
    push('{"id":1}\r\n', '{"id":2}\r', '\n');
    expect(seen()).toEqual(['{"id":1}\r', '{"id":2}\r']);
    expect(seen().map((line) => JSON.parse(line as string))).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('skips blank lines, a lone CR of a CRLF included', () => {
    const { push, seen } = reader();
    push('\n\n', '\r\n', 'x\n', '\n', '\r', '\n');
    expect(seen()).toEqual(['x']);
  });

  it('skips lines of spaces and tabs: they carry no message', () => {
    const { push, seen } = reader();
    push('  \t \r\n{"id":1}\n\t\n');
    expect(seen()).toEqual(['{"id":1}']);
  });

  it('takes a line of exactly the limit', () => {
    const { push, seen } = reader(8);
    push('12345678\n');
    expect(seen()).toEqual(['12345678']);
  });

  it('reports a line over the limit once, at its end, and goes on with the next line', () => {
    const { push, seen } = reader(8);
    push('123456789\nok\n');
    expect(seen()).toEqual([{ tooLong: 8 }, 'ok']);
  });

  it('skips the rest of a long line without holding it, however many chunks it spans', () => {
    const { lines, push, seen } = reader(8);
    push('12345', '6789');
    for (let i = 0; i < 1000; i++) push('x'.repeat(1024));
    // What the reader holds of the current line: nothing, once it knows the line is too long.
    const held = lines as unknown as { held: number; chunks: Buffer[] };
    expect(held.held).toBe(0);
    expect(held.chunks).toEqual([]);
    expect(seen()).toEqual([]);
    push('tail\n{"id":3}\n');
    expect(seen()).toEqual([{ tooLong: 8 }, '{"id":3}']);
  });

  it('counts the bytes of a line, not its characters', () => {
    const { push, seen } = reader(4);
    push('éé\n', 'ééé\n');
    expect(seen()).toEqual(['éé', { tooLong: 4 }]);
  });
});
