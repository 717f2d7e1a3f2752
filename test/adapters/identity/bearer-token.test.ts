import { bearerToken, MAX_TOKEN_BYTES } from '../../../src/adapters/identity/bearer-token.js';
import { AuthenticationError } from '../../../src/application/shared/errors.js';

/** The refusal bearerToken throws for `header`. */
function refusal(header: string | undefined): AuthenticationError {
  try {
    bearerToken(header);
  } catch (error) {
    if (error instanceof AuthenticationError) return error;
    throw error;
  }
  throw new Error(`accepted ${String(header)}`);
}

describe('bearerToken', () => {
  it('takes the token from a Bearer header, whatever the scheme’s case', () => {
    expect(bearerToken('Bearer abc.def-ghi_jkl~mno+pqr/stu==')).toBe(
      'abc.def-ghi_jkl~mno+pqr/stu==',
    );
    expect(bearerToken('bearer abc')).toBe('abc');
    expect(bearerToken('BEARER   abc  ')).toBe('abc');
  });

  it('says missing_token when there is no header, or an empty one', () => {
    expect(refusal(undefined).failure).toBe('missing_token');
    expect(refusal('  ').failure).toBe('missing_token');
    expect(refusal(undefined).message).toBe('No access token: send Authorization: Bearer <token>');
  });

  it.each([
    ['another scheme', 'Basic dXNlcjpwYXNz', /must use the Bearer scheme/],
    ['the scheme alone', 'Bearer', /has the Bearer scheme but no token/],
    ['the scheme and spaces', 'Bearer    ', /has the Bearer scheme but no token/],
    ['two words', 'Bearer abc def', /one word of base64url characters/],
    ['padding inside', 'Bearer ab=c', /one word of base64url characters/],
    ['a quote', 'Bearer "abc"', /one word of base64url characters/],
  ])('says invalid_request for %s', (_why, header, message) => {
    const error = refusal(header);
    expect(error.failure).toBe('invalid_request');
    expect(error.message).toMatch(message);
  });

  it('refuses an oversized token as invalid_token before looking at its characters', () => {
    const error = refusal(`Bearer ${'a'.repeat(MAX_TOKEN_BYTES + 1)}`);
    expect(error.failure).toBe('invalid_token');
    expect(error.message).toMatch(/longer than 8192 bytes/);
    expect(bearerToken(`Bearer ${'a'.repeat(MAX_TOKEN_BYTES)}`)).toHaveLength(MAX_TOKEN_BYTES);
  });

  it('never repeats the header in its message', () => {
    for (const header of ['Basic c2VjcmV0', 'Bearer s3cr3t t0ken', 'Bearer "s3cr3t"']) {
      expect(refusal(header).message).not.toMatch(/c2VjcmV0|s3cr3t/);
    }
  });
});
