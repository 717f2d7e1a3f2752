import { flag, integer } from '../../../src/composition/config/config-values.js';

describe('setting values', () => {
  const port = integer(0, 65535);

  it('reads a whole number within its bounds, spaces around it allowed', () => {
    expect(port.parse('3000')).toBe(3000);
    expect(port.parse(' 0 ')).toBe(0);
    expect(port.parse('65535')).toBe(65535);
  });

  it('refuses anything else, saying what it expects', () => {
    const problem = (value: string) => port.safeParse(value).error?.issues[0]?.message;
    expect(problem('3e3')).toBe('a whole number from 0 to 65535');
    expect(problem('-1')).toBe('a whole number from 0 to 65535');
    expect(problem('1.5')).toBe('a whole number from 0 to 65535');
    expect(problem('')).toBe('a whole number from 0 to 65535');
    expect(problem('65536')).toBe('at most 65535');
    expect(integer(100, 200).safeParse('99').error?.issues[0]?.message).toBe('at least 100');
  });

  it("reads a flag as exactly 'true' or 'false'", () => {
    expect(flag.parse('true')).toBe(true);
    expect(flag.parse('false')).toBe(false);
    for (const value of ['TRUE', '1', 'yes', '']) {
      expect(flag.safeParse(value).error?.issues[0]?.message).toBe("'true' or 'false'");
    }
  });
});
