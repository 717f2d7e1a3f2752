import { describeDatabaseError } from '../../../../src/adapters/persistence/postgres/describe-database-error.js';

describe('describeDatabaseError', () => {
  it("gives the error's message", () => {
    expect(describeDatabaseError(new Error('password authentication failed for user "app"'))).toBe(
      'password authentication failed for user "app"',
    );
  });

  it('lets the first inner error speak for an AggregateError (a name with several addresses)', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED ::1:5432'), {
      code: 'ECONNREFUSED',
    });
    expect(describeDatabaseError(new AggregateError([refused, new Error('second')], ''))).toBe(
      'connect ECONNREFUSED ::1:5432',
    );
  });

  it('falls back on the code, then the name, when the message is empty', () => {
    expect(describeDatabaseError(Object.assign(new Error(''), { code: 'ECONNRESET' }))).toBe(
      'ECONNRESET',
    );
    expect(describeDatabaseError(new TypeError(''))).toBe('TypeError');
    expect(describeDatabaseError(new AggregateError([], ''))).toBe('AggregateError');
    expect(describeDatabaseError('just text')).toBe('just text');
  });
});
