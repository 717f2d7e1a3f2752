import { OutputTail } from '../../../src/adapters/jobs/output-tail.js';

describe('OutputTail', () => {
  it('keeps everything while under the cap', () => {
    const tail = new OutputTail(16);
    tail.write(Buffer.from('one\ntwo\n'));
    tail.write(Buffer.from('three'));
    expect(tail.captured()).toEqual({
      text: 'one\ntwo\nthree',
      totalBytes: 13,
      truncated: false,
      lines: 3,
    });
    expect(tail.lastLine).toBe('three');
  });

  it('keeps exactly the last bytes across many small writes that wrap the ring', () => {
    const tail = new OutputTail(10);
    let all = '';
    for (let i = 0; i < 100; i++) {
      const piece = `${i},`;
      all += piece;
      tail.write(Buffer.from(piece));
    }
    expect(tail.captured()).toMatchObject({ text: all.slice(-10), totalBytes: all.length });
    expect(tail.captured().truncated).toBe(true);
  });

  it('keeps the last bytes of a single write larger than the cap', () => {
    const tail = new OutputTail(8);
    tail.write(Buffer.from('abc'));
    tail.write(Buffer.from('0123456789abcdef'));
    expect(tail.captured().text).toBe('89abcdef');
    tail.write(Buffer.from('XY'));
    expect(tail.captured().text).toBe('abcdefXY');
  });

  it('holds a flood in a buffer of the cap, never more', () => {
    const tail = new OutputTail(1024);
    const block = Buffer.alloc(64 * 1024, 'y');
    for (let i = 0; i < 200; i++) tail.write(block);
    const captured = tail.captured();
    expect(captured.totalBytes).toBe(200 * 64 * 1024);
    expect(captured.text).toBe('y'.repeat(1024));
  });

  it('never starts a cut tail in the middle of a UTF-8 character', () => {
    const tail = new OutputTail(5);
    tail.write(Buffer.from('ééé')); // 6 bytes: the first é is cut in half
    expect(tail.captured().text).toBe('éé');
  });

  it('shows the last line without colour codes or control characters', () => {
    const tail = new OutputTail(1024);
    tail.write(Buffer.from('\u001b[32mPASS\u001b[0m test/a.test.ts\r\n\n'));
    expect(tail.lastLine).toBe('PASS test/a.test.ts');
    expect(tail.lines).toBe(2);
  });
});
