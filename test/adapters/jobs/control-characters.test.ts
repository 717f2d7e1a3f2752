import { hasControlCharacter, printable } from '../../../src/adapters/jobs/control-characters.js';

describe('control characters', () => {
  it('finds C0 controls and DEL, and nothing else', () => {
    for (const text of ['a\u0000b', 'line\n', 'tab\t', 'esc\u001b', 'del\u007f']) {
      expect(hasControlCharacter(text)).toBe(true);
    }
    for (const text of ['plain', 'ünïcödé €', '\u0080 is C1, not C0', '']) {
      expect(hasControlCharacter(text)).toBe(false);
    }
  });

  it('makes one printable line: colour codes and cursor moves go, then every control', () => {
    expect(printable('\u001b[32mPASS\u001b[0m test/a.test.ts\r\n')).toBe('PASS test/a.test.ts');
    expect(printable('\u001b[2K\u001b[1Gstep 3/5\u0007')).toBe('step 3/5');
    expect(printable('nothing to strip')).toBe('nothing to strip');
  });
});
