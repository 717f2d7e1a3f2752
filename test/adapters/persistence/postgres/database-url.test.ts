import {
  isDatabaseUrl,
  redactDatabaseUrl,
} from '../../../../src/adapters/persistence/postgres/database-url.js';

describe('database URLs', () => {
  it('accepts postgres:// and postgresql:// URLs with a host', () => {
    expect(isDatabaseUrl('postgres://app:pw@db.internal:5432/tasks')).toBe(true);
    expect(isDatabaseUrl('postgresql://db.internal/tasks')).toBe(true);
  });

  it.each(['mysql://db/tasks', 'postgres:///tasks', 'db.internal:5432', '', 'not a url'])(
    'refuses %j',
    (value) => {
      expect(isDatabaseUrl(value)).toBe(false);
    },
  );

  it('hides the password, in the user part and in the query', () => {
    expect(redactDatabaseUrl('postgres://app:hunter2@db.internal:5432/tasks')).toBe(
      'postgres://app:***@db.internal:5432/tasks',
    );
    expect(
      redactDatabaseUrl('postgres://db.internal/tasks?sslmode=require&password=hunter2&sslkey=k'),
    ).toBe('postgres://db.internal/tasks?sslmode=require&password=***&sslkey=***');
    expect(redactDatabaseUrl('postgres://app@db.internal/tasks')).toBe(
      'postgres://app@db.internal/tasks',
    );
  });

  it('shows nothing of a value that does not parse, and says where an unset URL comes from', () => {
    expect(redactDatabaseUrl('postgres://app:hunter2@db:port/tasks')).toBe(
      '(a URL that does not parse)',
    );
    expect(redactDatabaseUrl(undefined)).toBe('from the PG* environment variables');
  });
});
