import type pg from 'pg';
import { AesGcmCursorSeal } from '../../../../src/adapters/crypto/aes-gcm-cursor-seal.js';
import { ServerSecret } from '../../../../src/adapters/crypto/server-secret.js';
import { loadServerSecret } from '../../../../src/adapters/persistence/postgres/shared-secret.js';
import { asTaskId } from '../../../../src/domain/index.js';
import {
  describePostgres,
  freshMigratedDatabase,
  testPool,
  type TestDatabase,
} from '../../../support/postgres.js';
import { anOwner } from '../../../support/task-mother.js';

describePostgres('the server secret in PostgreSQL', () => {
  let database: TestDatabase;
  let pools: pg.Pool[];

  beforeAll(async () => {
    database = await freshMigratedDatabase();
    pools = [testPool(database.url), testPool(database.url), testPool(database.url)];
  });
  afterAll(async () => {
    await Promise.all(pools.map((pool) => pool.end()));
    await database.drop();
  });

  it('is written once, by whichever replica asks first, and read alike by all', async () => {
    const secrets = await Promise.all(pools.map((pool) => loadServerSecret(pool, Date.now())));
    expect(secrets[0]).toHaveLength(32);
    for (const secret of secrets) expect(secret.equals(secrets[0]!)).toBe(true);
    // A later start (a restart) reads the same one.
    expect((await loadServerSecret(pools[0]!, Date.now())).equals(secrets[0]!)).toBe(true);
  });

  it('lets one replica open the cursors another sealed', async () => {
    const [a, b] = [new ServerSecret(), new ServerSecret()];
    a.use(await loadServerSecret(pools[0]!, Date.now()));
    b.use(await loadServerSecret(pools[1]!, Date.now()));
    const owner = anOwner('alice');
    const position = { createdAt: 42, id: asTaskId('AbCdEfGhIjKlMnOpQrStUv')! };
    const cursor = new AesGcmCursorSeal(a).seal(owner, position);
    expect(new AesGcmCursorSeal(b).open(owner, cursor)).toEqual(position);
  });
});
