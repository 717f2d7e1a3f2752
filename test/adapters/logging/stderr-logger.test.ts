import { StderrLogger } from '../../../src/adapters/logging/stderr-logger.js';

describe('StderrLogger', () => {
  it('writes one JSON object per line with the fields given', () => {
    const lines: string[] = [];
    new StderrLogger('info', (line) => lines.push(line)).info('task created', { task: 't1', n: 2 });
    expect(lines).toHaveLength(1);
    expect(lines[0]!.endsWith('\n')).toBe(true);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: 'info',
      message: 'task created',
      task: 't1',
      n: 2,
    });
  });

  it('drops what is below its level', () => {
    const lines: string[] = [];
    const logger = new StderrLogger('warn', (line) => lines.push(line));
    logger.debug('d');
    logger.info('i');
    logger.warn('w');
    logger.error('e');
    expect(lines.map((line) => (JSON.parse(line) as { message: string }).message)).toEqual([
      'w',
      'e',
    ]);
    const silent: string[] = [];
    new StderrLogger('silent', (line) => silent.push(line)).error('nothing');
    expect(silent).toEqual([]);
  });
});
