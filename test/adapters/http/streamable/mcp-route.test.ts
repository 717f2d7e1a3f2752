import type { IncomingMessage, ServerResponse } from 'node:http';
import { jest } from '@jest/globals';
import { HttpError } from '../../../../src/adapters/http/http-error.js';
import { MCP_PATH, mcpRoute } from '../../../../src/adapters/http/streamable/mcp-route.js';
import type { StreamableEndpoint } from '../../../../src/adapters/http/streamable/streamable-endpoint.js';
import { aPrincipal } from '../../../support/task-mother.js';

function endpointSpy() {
  const handle = jest.fn((..._args: unknown[]) => Promise.resolve());
  return { endpoint: { handle } as unknown as StreamableEndpoint, handle };
}

const req = {} as IncomingMessage;
const res = {} as ServerResponse;

describe('mcpRoute', () => {
  it('is served at /mcp', () => {
    expect(MCP_PATH).toBe('/mcp');
  });

  it('serves GET, POST and DELETE in session mode, to an authenticated caller who pays', () => {
    const route = mcpRoute(endpointSpy().endpoint, MCP_PATH, 'session');
    expect(route).toMatchObject({
      path: '/mcp',
      methods: ['GET', 'POST', 'DELETE'],
      auth: 'oauth',
      rateExempt: false,
      spendsRequest: true,
    });
    expect(route.methodRefusal).toBeUndefined();
  });

  it('serves POST alone when stateless, and says why in the refusal of others', () => {
    const route = mcpRoute(endpointSpy().endpoint, MCP_PATH, 'stateless');
    expect(route.methods).toEqual(['POST']);
    expect(route.methodRefusal).toBe('Method not allowed: this server runs stateless, use POST');
    expect(route.spendsRequest).toBe(true);
  });

  it('hands the request, its caller and what it paid to the endpoint', async () => {
    const { endpoint, handle } = endpointSpy();
    const principal = aPrincipal('alice', ['tasks:read']);
    await mcpRoute(endpoint, '/custom', 'session').handle({
      req,
      res,
      path: '/custom',
      principal,
      spent: 1,
    });
    expect(handle).toHaveBeenCalledTimes(1);
    expect(handle).toHaveBeenCalledWith(req, res, principal, 1);
  });

  it('serves nobody without a caller, should the path ever be exempted', async () => {
    const { endpoint, handle } = endpointSpy();
    const refused = await mcpRoute(endpoint, '/custom', 'session')
      .handle({ req, res, path: '/custom', spent: 0 })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(refused).toBeInstanceOf(HttpError);
    expect((refused as HttpError).status).toBe(404);
    expect((refused as HttpError).message).toBe('Not found: the MCP endpoint is /custom');
    expect(handle).not.toHaveBeenCalled();
  });
});
