import { InvalidArgumentError, LOCAL_OWNER, ownerFromIdentity } from '../../src/domain/index.js';

describe('owner id', () => {
  it('is the same for the same issuer and subject', () => {
    expect(ownerFromIdentity('https://a.test', 'u1')).toBe(
      ownerFromIdentity('https://a.test', 'u1'),
    );
  });

  it('cannot collide when the boundary between issuer and subject moves', () => {
    const keys = new Set([
      ownerFromIdentity('https://a', 'b|c'),
      ownerFromIdentity('https://a|b', 'c'),
      ownerFromIdentity('https://ab', 'c'),
      ownerFromIdentity('https://a', 'bc'),
    ]);
    expect(keys.size).toBe(4);
  });

  it('never equals the anonymous owner', () => {
    expect(ownerFromIdentity('local', 'local')).not.toBe(LOCAL_OWNER);
    expect(LOCAL_OWNER).toBe('local');
  });

  it('refuses an empty issuer or subject', () => {
    expect(() => ownerFromIdentity('', 'u')).toThrow(InvalidArgumentError);
    expect(() => ownerFromIdentity('https://a', '')).toThrow(InvalidArgumentError);
  });
});
