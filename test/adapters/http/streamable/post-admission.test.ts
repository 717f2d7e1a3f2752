import 'reflect-metadata';
import { PostAdmission } from '../../../../src/adapters/http/streamable/post-admission.js';
import { HttpError } from '../../../../src/adapters/http/http-error.js';
import { CANCEL_TASKS, READ_TASKS } from '../../../../src/application/policy/access-policy.js';
import { anInboundRequest } from '../../../support/inbound.js';
import { aPrincipal } from '../../../support/task-mother.js';
import { testContainer } from '../../../support/test-container.js';

const OAUTH = {
  TASK_MCP_AUTH_ISSUER: 'https://idp.example.test',
  TASK_MCP_AUTH_AUDIENCE: 'https://mcp.example.test/mcp',
  TASK_MCP_RATE_REQUESTS_PER_SECOND: '2',
  TASK_MCP_RATE_BURST: '0',
};

function admissionOf(env: Record<string, string>) {
  return testContainer(env).container.get(PostAdmission);
}

async function refusalOf(admitting: Promise<void>): Promise<HttpError> {
  const outcome = await admitting.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(outcome instanceof HttpError))
    throw new Error(`expected an HttpError, got ${String(outcome)}`);
  return outcome;
}

describe('PostAdmission', () => {
  it('answers scopes a token lacks with 403 and the challenge naming them', async () => {
    const admission = admissionOf(OAUTH);
    const reader = aPrincipal('alice', ['tasks:read']);
    const refusal = await refusalOf(
      admission.admit(
        reader,
        [anInboundRequest({ method: 'tasks/cancel', operation: CANCEL_TASKS })],
        1,
      ),
    );
    expect(refusal.status).toBe(403);
    expect(refusal.rpcCode).toBe(-32003);
    expect(refusal.headers['www-authenticate']).toMatch(/error="insufficient_scope".*tasks:cancel/);
  });

  it('answers a budget that cannot pay for every request of a batch with 429', async () => {
    const admission = admissionOf(OAUTH);
    const reader = aPrincipal('bob', ['tasks:read']);
    const batch = [1, 2, 3, 4, 5].map((id) => anInboundRequest({ id }));
    const refusal = await refusalOf(admission.admit(reader, batch, 1));
    expect(refusal.status).toBe(429);
    expect(refusal.headers['retry-after']).toMatch(/^\d+$/);
  });

  it('lets through what the scopes and budgets cover', async () => {
    const admission = admissionOf(OAUTH);
    const reader = aPrincipal('carol', ['tasks:read']);
    await expect(
      admission.admit(
        reader,
        [anInboundRequest({ method: 'tasks/get', operation: READ_TASKS })],
        1,
      ),
    ).resolves.toBeUndefined();
  });
});
