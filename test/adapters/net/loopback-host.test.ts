import { isLoopbackHost, urlHost } from '../../../src/adapters/net/loopback-host.js';

describe('loopback hosts', () => {
  it.each(['localhost', '127.0.0.1', '127.8.9.10', '::1', '[::1]'])('%s is loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });

  it.each(['0.0.0.0', '10.0.0.1', '128.0.0.1', 'localhost.example.com', '127.0.0.1.nip.io', '::'])(
    '%s is not',
    (host) => {
      expect(isLoopbackHost(host)).toBe(false);
    },
  );

  it('puts an IPv6 address in brackets for a URL, and leaves names and IPv4 alone', () => {
    expect(urlHost('::1')).toBe('[::1]');
    expect(urlHost('127.0.0.1')).toBe('127.0.0.1');
    expect(urlHost('localhost')).toBe('localhost');
  });
});
