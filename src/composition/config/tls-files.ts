import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import type { TlsFiles } from '../../adapters/http/http-server.js';
import { ConfigError, type Config } from './load-config.js';

/**
 * The certificate and key HTTPS serves with, read and checked at start-up (and by `task-mcp
 * check`), so that a wrong path or a key that does not match its certificate stops the server
 * with one line rather than failing every handshake. Undefined without TLS settings.
 */
export function readTlsFiles(config: Config): TlsFiles | undefined {
  const { TASK_MCP_TLS_CERT: certPath, TASK_MCP_TLS_KEY: keyPath } = config;
  if (certPath === undefined || keyPath === undefined) return undefined;
  const cert = readPem('TASK_MCP_TLS_CERT', certPath);
  const key = readPem('TASK_MCP_TLS_KEY', keyPath);
  try {
    createSecureContext({ cert, key });
  } catch {
    throw new ConfigError(
      'TASK_MCP_TLS_KEY: the certificate and key are not a matching PEM certificate chain and private key',
    );
  }
  return { cert, key };
}

function readPem(name: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch {
    throw new ConfigError(`${name}: the file ${path} cannot be read`);
  }
}
