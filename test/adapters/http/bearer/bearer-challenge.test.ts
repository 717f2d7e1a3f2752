import {
  authenticationRefused,
  scopeRefused,
  type ChallengeContext,
} from '../../../../src/adapters/http/bearer/bearer-challenge.js';
import { scopeRefusalMessage } from '../../../../src/application/shared/errors.js';

const METADATA = 'https://mcp.example.test/.well-known/oauth-protected-resource/mcp';
const OAUTH: ChallengeContext = {
  resourceMetadata: METADATA,
  baselineScopes: ['tasks:read', 'tasks:create'],
};
const BARE: ChallengeContext = { baselineScopes: [] };

describe('authenticationRefused', () => {
  it('answers a missing token with 401, where to read about the resource and what to ask for', () => {
    const refusal = authenticationRefused('missing_token', 'No access token', OAUTH);
    expect(refusal.refusal).toBe('UNAUTHENTICATED');
    expect(refusal.status).toBe(401);
    expect(refusal.message).toBe('No access token');
    // RFC 6750 section 3.1: no error code when the request had no credentials at all.
    expect(refusal.headers).toEqual({
      'www-authenticate': `Bearer resource_metadata="${METADATA}", scope="tasks:read tasks:create"`,
    });
  });

  it('says just Bearer when it has nothing to name', () => {
    const refusal = authenticationRefused('missing_token', 'No access token', BARE);
    expect(refusal.headers['www-authenticate']).toBe('Bearer');
  });

  it('answers a bad token with 401 invalid_token and the reason', () => {
    const refusal = authenticationRefused('invalid_token', 'The access token has expired', OAUTH);
    expect(refusal.status).toBe(401);
    expect(refusal.headers['www-authenticate']).toBe(
      `Bearer error="invalid_token", error_description="The access token has expired", resource_metadata="${METADATA}"`,
    );
  });

  it('answers a malformed request with 400 invalid_request', () => {
    const refusal = authenticationRefused('invalid_request', 'Use the Bearer scheme', BARE);
    expect(refusal.refusal).toBe('BAD_AUTHORIZATION');
    expect(refusal.status).toBe(400);
    expect(refusal.headers['www-authenticate']).toBe(
      'Bearer error="invalid_request", error_description="Use the Bearer scheme"',
    );
  });

  it('keeps only what a quoted-string carries plainly in the challenge, and all of it in the body', () => {
    const description = 'bad "quote" \\ back\nslash, caf\u00e9 \u2603 end';
    const refusal = authenticationRefused('invalid_token', description, BARE);
    expect(refusal.headers['www-authenticate']).toBe(
      'Bearer error="invalid_token", error_description="bad quote  backslash, caf  end"',
    );
    expect(refusal.message).toBe(description);
  });
});

describe('scopeRefused', () => {
  it('is a 403 insufficient_scope naming what the request needs and what to ask for', () => {
    const required = ['tasks:cancel'];
    const toRequest = ['tasks:cancel', 'tasks:read'];
    const refusal = scopeRefused(required, toRequest, OAUTH);
    const description = scopeRefusalMessage(required, toRequest);
    expect(refusal.refusal).toBe('INSUFFICIENT_SCOPE');
    expect(refusal.status).toBe(403);
    expect(refusal.message).toBe(description);
    expect(refusal.headers['www-authenticate']).toBe(
      `Bearer error="insufficient_scope", error_description="${description}", scope="tasks:cancel tasks:read", resource_metadata="${METADATA}"`,
    );
  });

  it('leaves the scope out when there is nothing to ask for', () => {
    const refusal = scopeRefused(['tasks:read'], [], BARE);
    expect(refusal.headers['www-authenticate']).not.toContain('scope="');
    expect(refusal.headers['www-authenticate']).toMatch(/^Bearer error="insufficient_scope", /);
  });
});
