import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { ConfigError, type Config } from '../../../src/composition/config/load-config.js';
import { readTlsFiles } from '../../../src/composition/config/tls-files.js';
import { freshTempDir } from '../../support/isolated-env.js';

const configWith = (cert?: string, key?: string) =>
  ({ TASK_MCP_TLS_CERT: cert, TASK_MCP_TLS_KEY: key }) as Config;

/** A self-signed certificate and its key, and a key of another pair, written into a fresh directory. */
async function pemFiles() {
  const dir = freshTempDir('tls-');
  const files = {
    cert: join(dir, 'cert.pem'),
    key: join(dir, 'key.pem'),
    other: join(dir, 'other.pem'),
  };
  const pair = await generate([{ name: 'commonName', value: 'localhost' }], { keySize: 2048 });
  const stranger = await generate([{ name: 'commonName', value: 'localhost' }], { keySize: 2048 });
  writeFileSync(files.cert, pair.cert);
  writeFileSync(files.key, pair.private);
  writeFileSync(files.other, stranger.private);
  return files;
}

describe('readTlsFiles', () => {
  let files: Awaited<ReturnType<typeof pemFiles>>;

  beforeAll(async () => {
    files = await pemFiles();
  });

  it('is nothing without TLS settings', () => {
    expect(readTlsFiles(configWith())).toBeUndefined();
  });

  it('reads a certificate and the key that matches it', () => {
    const tls = readTlsFiles(configWith(files.cert, files.key));
    expect(tls?.cert.toString()).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(tls?.key.toString()).toMatch(/PRIVATE KEY-----/);
  });

  it('stops start-up with one line naming the setting whose file cannot be read', () => {
    const missing = join(freshTempDir('tls-'), 'nope.pem');
    expect(() => readTlsFiles(configWith(missing, files.key))).toThrow(ConfigError);
    expect(() => readTlsFiles(configWith(missing, files.key))).toThrow(
      `TASK_MCP_TLS_CERT: the file ${missing} cannot be read`,
    );
    expect(() => readTlsFiles(configWith(files.cert, missing))).toThrow(/^TASK_MCP_TLS_KEY: /);
  });

  it('refuses a key that does not match the certificate', () => {
    expect(() => readTlsFiles(configWith(files.cert, files.other))).toThrow(
      'TASK_MCP_TLS_KEY: the certificate and key are not a matching PEM certificate chain and private key',
    );
  });
});
