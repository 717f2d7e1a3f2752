import { StreamableEndpoint } from '../../../../src/adapters/http/streamable/streamable-endpoint.js';
import { Sweeper } from '../../../../src/composition/sweeper.js';
import { FakeClock } from '../../../support/fake-clock.js';
import { startHttpFixture, type HttpFixture } from '../../../support/http-fixture.js';
import { rawRequest } from '../../../support/rpc.js';

const MINUTE = 60_000;

describe('StreamableEndpoint sessions', () => {
  let fixture: HttpFixture;
  const clock = new FakeClock();

  beforeAll(async () => {
    fixture = await startHttpFixture({
      clock,
      env: { TASK_MCP_SESSION_IDLE_MS: String(30 * MINUTE) },
    });
  });

  afterAll(async () => {
    await fixture.close();
  });

  it('closes sessions idle past TASK_MCP_SESSION_IDLE_MS by the clock, and keeps busy ones', async () => {
    const endpoint = fixture.container.get(StreamableEndpoint);
    const idle = await fixture.connect();
    const busy = await fixture.connect();
    expect(endpoint.openSessions).toBe(2);

    clock.jump(20 * MINUTE);
    await busy.listTools();
    clock.jump(15 * MINUTE);
    await fixture.container.get(Sweeper).sweep();

    expect(endpoint.openSessions).toBe(1);
    expect((await busy.listTools()).tools.length).toBeGreaterThan(0);
    const refused = await rawRequest(idle, 'tools/list').catch((error: Error) => error);
    expect(String(refused)).toMatch(/404|Session not found/);
  });
});
