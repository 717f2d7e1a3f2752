import { writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { connect, type TLSSocket } from 'node:tls';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { freshTempDir } from '../support/isolated-env.js';
import { rpcBody, PRIMES_TASK } from '../support/rpc.js';
import { spawnHttpServer, STACK_TRACE, type SpawnedServer } from '../support/spawned-server.js';
import { TestIssuer } from '../support/test-issuer.js';
import { spawnSync } from 'node:child_process';
import { builtBin, isolatedProcessEnv } from '../support/isolated-env.js';

interface Pem {
  readonly certFile: string;
  readonly keyFile: string;
  readonly cert: string;
}

/** A self-signed certificate for 127.0.0.1 and localhost, written into a fresh directory. */
async function certificate(): Promise<Pem> {
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    notAfterDate: new Date(Date.now() + 86_400_000),
    keySize: 2048,
    extensions: [
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  const dir = freshTempDir('tls-');
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  writeFileSync(certFile, pems.cert);
  writeFileSync(keyFile, pems.private, { mode: 0o600 });
  return { certFile, keyFile, cert: pems.cert };
}

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
  readonly protocol: string | null;
}

/** One HTTPS request that trusts only `ca`. */
function https(
  url: URL,
  ca: string,
  options: { method?: string; body?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: options.method ?? 'GET',
        ca,
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
        },
      },
      (res) => {
        const protocol = (res.socket as TLSSocket).getProtocol();
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body,
            protocol,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('HTTPS with TASK_MCP_TLS_CERT and TASK_MCP_TLS_KEY', () => {
  let pem: Pem;
  let server: SpawnedServer;

  beforeAll(async () => {
    pem = await certificate();
    server = await spawnHttpServer({
      TASK_MCP_HTTP_MODE: 'stateless',
      TASK_MCP_TLS_CERT: pem.certFile,
      TASK_MCP_TLS_KEY: pem.keyFile,
    });
  });

  afterAll(async () => {
    server.child.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
    expect(server.stderr()).not.toMatch(STACK_TRACE);
  });

  it('announces an https URL and serves MCP over TLS 1.2 or later, with HSTS', async () => {
    expect(server.url.protocol).toBe('https:');
    expect(server.stderr()).toContain('transport: Streamable HTTP over TLS, stateless mode');
    const health = await https(new URL('/health', server.url), pem.cert);
    expect(health.status).toBe(200);
    expect(health.headers['strict-transport-security']).toBe('max-age=31536000');
    expect(['TLSv1.2', 'TLSv1.3']).toContain(health.protocol);

    const created = await https(server.url, pem.cert, {
      method: 'POST',
      body: rpcBody('tools/call', PRIMES_TASK),
    });
    expect(created.status).toBe(200);
    const { taskId } = (JSON.parse(created.body) as { result: { task: { taskId: string } } }).result
      .task;
    const result = await https(server.url, pem.cert, {
      method: 'POST',
      body: rpcBody('tasks/result', { taskId }),
    });
    expect(JSON.parse(result.body)).toMatchObject({
      result: { structuredContent: { count: 4 } },
    });
  });

  it('refuses plain HTTP on the TLS port', async () => {
    const plain = new URL(server.url.href.replace('https:', 'http:'));
    await expect(fetch(plain, { method: 'POST', body: rpcBody('tasks/list') })).rejects.toThrow();
  });

  it('refuses TLS older than 1.2', async () => {
    const outcome = await new Promise<string>((resolve) => {
      const socket = connect({
        host: '127.0.0.1',
        port: Number(server.url.port),
        ca: pem.cert,
        minVersion: 'TLSv1',
        maxVersion: 'TLSv1.1',
        // Lets this client offer TLS 1.1 at all, so that the refusal is the server's.
        ciphers: 'DEFAULT@SECLEVEL=0',
      });
      socket.once('secureConnect', () => {
        socket.destroy();
        resolve('connected');
      });
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    });
    // The server's alert: it does not speak that protocol version.
    expect(outcome).toBe('ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION');
  });
});

describe('TLS settings that cannot work', () => {
  function start(settings: Record<string, string>) {
    const run = spawnSync(process.execPath, [builtBin, 'check'], {
      env: isolatedProcessEnv(settings),
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(run.stderr).not.toMatch(STACK_TRACE);
    return run;
  }

  it('stop start-up with one line, exit 2', async () => {
    const pem = await certificate();
    const other = await certificate();
    const cases: [Record<string, string>, string][] = [
      [
        { TASK_MCP_TLS_CERT: pem.certFile },
        'task-mcp: configuration error: TASK_MCP_TLS_KEY: required with TASK_MCP_TLS_CERT; give both PEM files to serve HTTPS',
      ],
      [
        { TASK_MCP_TLS_CERT: pem.certFile, TASK_MCP_TLS_KEY: '/no/such/key.pem' },
        'task-mcp: configuration error: TASK_MCP_TLS_KEY: the file /no/such/key.pem cannot be read',
      ],
      [
        { TASK_MCP_TLS_CERT: pem.certFile, TASK_MCP_TLS_KEY: other.keyFile },
        'task-mcp: configuration error: TASK_MCP_TLS_KEY: the certificate and key are not a matching PEM certificate chain and private key',
      ],
    ];
    for (const [settings, line] of cases) {
      const run = start(settings);
      expect(run.status).toBe(2);
      expect(run.stderr.trim()).toBe(line);
    }
  });
});

describe('OAuth on a non-loopback address', () => {
  it('warns at start-up without TLS or a trusted proxy, and not with TLS', async () => {
    const issuer = await TestIssuer.start();
    const pem = await certificate();
    const oauth = {
      TASK_MCP_HOST: '0.0.0.0',
      TASK_MCP_AUTH_ISSUER: issuer.url,
      TASK_MCP_AUTH_AUDIENCE: 'https://mcp.example.test/mcp',
      TASK_MCP_AUTH_JWKS_URL: issuer.jwksUrl,
    };
    try {
      for (const [extra, warned] of [
        [{}, true],
        [{ TASK_MCP_TRUST_PROXY: 'true' }, false],
        [{ TASK_MCP_TLS_CERT: pem.certFile, TASK_MCP_TLS_KEY: pem.keyFile }, false],
      ] as const) {
        const server = await spawnHttpServer({ ...oauth, ...extra });
        server.child.kill('SIGTERM');
        expect((await server.exited).code).toBe(0);
        expect(server.stderr().includes('bearer tokens cross the network in the clear')).toBe(
          warned,
        );
      }
    } finally {
      await issuer.close();
    }
  });
});
