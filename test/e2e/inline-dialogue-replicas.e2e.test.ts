import { answering, guessing, postInlineCall, type Wire } from '../support/inline-calls.js';
import { describePostgres, freshDatabase, type TestDatabase } from '../support/postgres.js';
import { spawnHttpServer, STACK_TRACE, type SpawnedServer } from '../support/spawned-server.js';

/*
 * Multi round-trip of 2026-07-28 inline runs across real server processes sharing one PostgreSQL
 * database: nothing waits between rounds, so each answer may go to any replica, even one started
 * after the question was asked, and a state used on one is refused on every other.
 */

const MAX = 2;

describePostgres('an inline dialogue across replicas on one PostgreSQL database', () => {
  let database: TestDatabase;
  const servers: SpawnedServer[] = [];

  beforeAll(async () => {
    database = await freshDatabase();
  });

  afterAll(async () => {
    for (const server of servers) server.child.kill('SIGKILL');
    await Promise.all(servers.map((server) => server.exited));
    await database.drop();
  });

  async function replica(): Promise<SpawnedServer> {
    const server = await spawnHttpServer({
      TASK_MCP_STORE: 'postgres',
      TASK_MCP_DATABASE_URL: database.url,
      TASK_MCP_DEMO_TOOLS: 'true',
    });
    servers.push(server);
    return server;
  }

  async function stopCleanly(server: SpawnedServer): Promise<void> {
    server.child.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
    expect(server.stderr()).not.toMatch(STACK_TRACE);
  }

  /** Asks `server` to go on with `params`; the result of a call that went well. */
  async function on(server: SpawnedServer, params: Record<string, unknown>): Promise<Wire> {
    const answer = await postInlineCall(server.url, params);
    expect(answer.status).toBe(200);
    expect(answer.body.error).toBeUndefined();
    return answer.body.result;
  }

  const questionOf = (asked: Wire, key: string): string => asked.inputRequests[key].params.message;

  it('answers three questions, each on the other process than the one that asked', async () => {
    const args = { max: MAX };
    const [a, b] = await Promise.all([replica(), replica()]);

    const first = await on(a, { name: 'guess_number', arguments: args });
    expect(questionOf(first, 'input-1')).toBe(
      `I am thinking of a number between 1 and ${MAX}. Guess 1: what is it?`,
    );
    const second = await on(b, answering('guess_number', first, guessing(0), args));
    expect(questionOf(second, 'input-2')).toBe('Higher than 0. Guess 2: what is it?');
    const third = await on(a, answering('guess_number', second, guessing(MAX + 1), args));
    expect(questionOf(third, 'input-3')).toBe(`Lower than ${MAX + 1}. Guess 3: what is it?`);
    // A asked the last question and goes away; B takes the answer and ends the game with the
    // number both processes' runs were thinking of.
    await stopCleanly(a);
    const lastAnswer = answering('guess_number', third, { action: 'decline' }, args);
    const done = await on(b, lastAnswer);
    expect(done).toEqual({
      resultType: 'complete',
      content: [
        {
          type: 'text',
          text: expect.stringMatching(/^You gave up after 2 guess\(es\); the number was [12]\.$/),
        },
      ],
    });
    // A state used on one replica is used for all, restarted ones too.
    const restarted = await replica();
    const replayed = await postInlineCall(restarted.url, lastAnswer);
    expect(replayed.body.error).toEqual({
      code: -32602,
      message:
        'Invalid requestState: it is not one this server issued for this request, or it has expired or been used; call the tool again without it to start over',
      data: { reason: 'INVALID_REQUEST_STATE' },
    });
    await Promise.all([stopCleanly(b), stopCleanly(restarted)]);
  });
});
