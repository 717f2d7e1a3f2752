import { EventLog } from '../../../../src/adapters/http/streamable/event-log.js';
import { notification } from '../../../../src/adapters/mcp/json-rpc/messages.js';

const status = (n: number) => notification('notifications/tasks/status', { n });

function logOf(count: number): EventLog {
  const log = new EventLog();
  for (let n = 1; n <= count; n++) log.append(status(n));
  return log;
}

describe('EventLog', () => {
  it('numbers events from 1, and says 0 before the first', () => {
    const log = new EventLog();
    expect(log.lastId).toBe('0');
    expect(log.append(status(1))).toBe('1');
    expect(log.append(status(2))).toBe('2');
    expect(log.lastId).toBe('2');
  });

  it('gives back what came after an event, in order, with ids and messages', () => {
    const log = logOf(3);
    expect(log.after('1')).toEqual([
      { id: '2', message: status(2) },
      { id: '3', message: status(3) },
    ]);
    expect(log.after('0')?.map((event) => event.id)).toEqual(['1', '2', '3']);
    expect(log.after('3')).toEqual([]);
  });

  it.each(['4', 'abc', '', '-1', '1.5', ' 1', '0x1', '1234567890123456'])(
    'knows no event %j in a session that sent three',
    (id) => {
      expect(logOf(3).after(id)).toBeUndefined();
    },
  );

  it('keeps the last 256 events, and gives all it kept for an id older than those', () => {
    const log = logOf(300);
    const kept = log.after('0')!;
    expect(kept).toHaveLength(256);
    expect(kept[0]!.id).toBe('45');
    expect(kept.at(-1)!.id).toBe('300');
    expect(log.after('10')).toEqual(kept);
    expect(log.after('298')?.map((event) => event.id)).toEqual(['299', '300']);
  });

  it('keeps the numbering of each log its own', () => {
    const first = logOf(5);
    const second = new EventLog();
    expect(second.append(status(1))).toBe('1');
    expect(second.after('5')).toBeUndefined();
    expect(first.after('5')).toEqual([]);
  });
});
