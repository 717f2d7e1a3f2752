import { isSecureUrl } from '../../../src/adapters/identity/secure-url.js';

describe('isSecureUrl', () => {
  it.each([
    'https://idp.example.com/.well-known/jwks.json',
    'https://idp.example.com:8443/realms/x',
    'http://127.0.0.1:8080/jwks',
    'http://localhost/jwks',
    'http://[::1]:9000/jwks',
  ])('accepts %s', (url) => {
    expect(isSecureUrl(url)).toBe(true);
  });

  it.each([
    ['plain http to another host', 'http://idp.example.com/jwks'],
    ['credentials in the URL', 'https://user:pass@idp.example.com/jwks'],
    ['a user name alone', 'https://user@idp.example.com/jwks'],
    ['a fragment', 'https://idp.example.com/jwks#keys'],
    ['another scheme', 'file:///etc/keys.json'],
    ['a relative URL', '/jwks'],
    ['no URL at all', 'not a url'],
  ])('refuses %s', (_why, url) => {
    expect(isSecureUrl(url)).toBe(false);
  });
});
