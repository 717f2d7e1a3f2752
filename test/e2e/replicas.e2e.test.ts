import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  CallToolResultSchema,
  CreateTaskResultSchema,
  ElicitRequestSchema,
  GetTaskResultSchema,
  TaskStatusNotificationSchema,
  type ClientCapabilities,
  type ElicitRequest,
  type Task,
} from '@modelcontextprotocol/sdk/types.js';
import { eventually } from '../support/http-fixture.js';
import { IDLE_SCRIPT, pidOfJob, writeCatalogue } from '../support/jobs.js';
import { describePostgres, freshDatabase, type TestDatabase } from '../support/postgres.js';
import { isGone } from '../support/processes.js';
import { spawnHttpServer, STACK_TRACE, type SpawnedServer } from '../support/spawned-server.js';

const LEASE_MS = 3000;

const CATALOGUE_JOBS = [
  {
    name: 'idle',
    description: 'Prints its pid, then idles until stopped',
    command: 'node',
    args: ['-e', IDLE_SCRIPT, '--', 'false'],
    taskSupport: 'optional',
  },
];

describePostgres('several replicas on one PostgreSQL database', () => {
  let database: TestDatabase;
  let catalogue: string;
  const servers: SpawnedServer[] = [];
  const clients: Client[] = [];
  const strayPids: number[] = [];

  beforeAll(async () => {
    database = await freshDatabase();
    catalogue = writeCatalogue(CATALOGUE_JOBS);
  });

  afterAll(async () => {
    await Promise.allSettled(clients.map((client) => client.close()));
    for (const server of servers) server.child.kill('SIGKILL');
    for (const pid of strayPids) killGroup(pid);
    await Promise.all(servers.map((server) => server.exited));
    await database.drop();
  });

  /**
   * A replica: the built binary on a free port, on the shared database, with a short lease. A
   * long poll interval means a tasks/result waiter that answers quickly was woken by a
   * notification, not by its own re-read.
   */
  async function replica(settings: Record<string, string> = {}): Promise<SpawnedServer> {
    const server = await spawnHttpServer({
      TASK_MCP_STORE: 'postgres',
      TASK_MCP_DATABASE_URL: database.url,
      TASK_MCP_LEASE_MS: String(LEASE_MS),
      TASK_MCP_POLL_INTERVAL_MS: '600000',
      TASK_MCP_JOBS: catalogue,
      TASK_MCP_DEMO_TOOLS: 'true',
      ...settings,
    });
    servers.push(server);
    return server;
  }

  async function clientOf(
    server: SpawnedServer,
    capabilities: ClientCapabilities = {},
  ): Promise<Client> {
    const client = new Client({ name: 'replica-e2e', version: '1.0.0' }, { capabilities });
    await client.connect(new StreamableHTTPClientTransport(server.url));
    clients.push(client);
    return client;
  }

  async function startTask(client: Client, name: string, args: Record<string, unknown>) {
    const created = await client.request(
      { method: 'tools/call', params: { name, arguments: args, task: {} } },
      CreateTaskResultSchema,
    );
    return created.task.taskId;
  }

  /** Stops a replica the way an operator does, and checks what a user would see of it. */
  async function stopCleanly(server: SpawnedServer): Promise<void> {
    server.child.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
    expect(server.stderr()).not.toMatch(STACK_TRACE);
  }

  it('asks on the replica the client reaches and resumes the run on the one that runs it', async () => {
    const a = await replica();
    const b = await replica();
    const onA = await clientOf(a, { elicitation: {} });
    const onB = await clientOf(b, { elicitation: {} });
    const taskId = await startTask(onA, 'guess_number', { max: 2 });
    await eventually(async () => {
      const task = await onB.request(
        { method: 'tasks/get', params: { taskId } },
        GetTaskResultSchema,
      );
      return task.status === 'input_required';
    }, 10_000);
    const asked: ElicitRequest[] = [];
    let low = 1;
    onB.setRequestHandler(ElicitRequestSchema, (request) => {
      asked.push(request);
      if (/Higher than 1/.test(request.params.message)) low = 2;
      return { action: 'accept', content: { guess: low } };
    });
    const result = await onB.request(
      { method: 'tasks/result', params: { taskId } },
      CallToolResultSchema,
    );
    expect(result.content).toEqual([
      { type: 'text', text: expect.stringMatching(/^\d it is: found in [12] guess\(es\)\.$/) },
    ]);
    expect(asked.length).toBeGreaterThanOrEqual(1);
    // The run was A's all along: B only carried the questions and the answers.
    const onAView = await onA.request(
      { method: 'tasks/get', params: { taskId } },
      GetTaskResultSchema,
    );
    expect(onAView.status).toBe('completed');
  });

  it('answers get, list and result on B for a task created on A, and wakes a waiter on B', async () => {
    const [a, b] = await Promise.all([replica(), replica()]);
    const [onA, onB] = await Promise.all([clientOf(a), clientOf(b)]);
    const taskId = await startTask(onA, 'wait', { durationMs: 1500 });

    expect((await onB.experimental.tasks.getTask(taskId)).status).toBe('working');
    const listed = await onB.experimental.tasks.listTasks();
    expect(listed.tasks.map((task) => task.taskId)).toContain(taskId);
    // Waits on B while A runs the task; with a 10-minute poll interval only A's notification
    // can answer it before the test's timeout.
    const result = await onB.request(
      { method: 'tasks/result', params: { taskId } },
      CallToolResultSchema,
    );
    expect(result.isError).toBeFalsy();
    expect(result._meta?.['io.modelcontextprotocol/related-task']).toEqual({ taskId });
    expect((await onA.experimental.tasks.getTask(taskId)).status).toBe('completed');
    await Promise.all([stopCleanly(a), stopCleanly(b)]);
  });

  it("kills the job's process on A when B cancels its task", async () => {
    const [a, b] = await Promise.all([replica(), replica()]);
    const [onA, onB] = await Promise.all([clientOf(a), clientOf(b)]);
    const taskId = await startTask(onA, 'idle', {});
    const pid = await pidOfJob(onA, taskId);
    strayPids.push(pid);

    const cancelled = await onB.experimental.tasks.cancelTask(taskId);
    expect(cancelled.status).toBe('cancelled');
    await eventually(() => isGone(pid), 5000);
    expect((await onA.experimental.tasks.getTask(taskId)).status).toBe('cancelled');
    await Promise.all([stopCleanly(a), stopCleanly(b)]);
  });

  it("sends status notifications on B's session for a task that A updates", async () => {
    const [a, b] = await Promise.all([replica(), replica()]);
    const [onA, onB] = await Promise.all([clientOf(a), clientOf(b)]);
    const seen: Task[] = [];
    onB.setNotificationHandler(TaskStatusNotificationSchema, (notification) => {
      seen.push(notification.params as Task);
    });
    const taskId = await startTask(onB, 'wait', { durationMs: 60_000 });
    await onA.experimental.tasks.cancelTask(taskId);
    await eventually(() =>
      seen.some((task) => task.taskId === taskId && task.status === 'cancelled'),
    );
    await Promise.all([stopCleanly(a), stopCleanly(b)]);
  });

  it('fails the task of a replica killed mid-job once its lease lapses, on another replica', async () => {
    const [a, b] = await Promise.all([replica(), replica()]);
    const [onA, onB] = await Promise.all([clientOf(a), clientOf(b)]);
    const taskId = await startTask(onA, 'idle', {});
    strayPids.push(await pidOfJob(onA, taskId));

    a.child.kill('SIGKILL');
    expect((await a.exited).signal).toBe('SIGKILL');
    let task: Task | undefined;
    await eventually(async () => {
      task = await onB.experimental.tasks.getTask(taskId);
      return task.status !== 'working';
    }, LEASE_MS + 5000);
    expect(task?.status).toBe('failed');
    expect(task?.statusMessage).toMatch(/server running this task stopped/);
    await stopCleanly(b);
  });

  it('ends the leftovers of its own earlier life at once when a replica restarts', async () => {
    const named = { TASK_MCP_REPLICA_NAME: 'restarting-replica', TASK_MCP_LEASE_MS: '600000' };
    const first = await replica(named);
    const taskId = await startTask(await clientOf(first), 'idle', {});
    strayPids.push(await pidOfJob(clients.at(-1)!, taskId));
    first.child.kill('SIGKILL');
    await first.exited;

    // The lease has ten minutes left, so only the restart itself can have ended the task.
    const again = await replica(named);
    const onAgain = await clientOf(again);
    const task = await onAgain.experimental.tasks.getTask(taskId);
    expect(task.status).toBe('failed');
    expect(task.statusMessage).toMatch(/server running this task stopped/);
    await stopCleanly(again);
  });

  it('keeps completed tasks and their results across a restart', async () => {
    const first = await replica();
    const onFirst = await clientOf(first);
    const taskId = await startTask(onFirst, 'wait', { durationMs: 10 });
    const before = await onFirst.request(
      { method: 'tasks/result', params: { taskId } },
      CallToolResultSchema,
    );
    await stopCleanly(first);

    const again = await replica();
    const onAgain = await clientOf(again);
    expect((await onAgain.experimental.tasks.getTask(taskId)).status).toBe('completed');
    const after = await onAgain.request(
      { method: 'tasks/result', params: { taskId } },
      CallToolResultSchema,
    );
    expect(after).toEqual(before);
    await stopCleanly(again);
  });
});

/** Kills what a dead replica left behind: its job's whole process group. */
function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}
