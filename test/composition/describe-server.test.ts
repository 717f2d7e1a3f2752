import 'reflect-metadata';
import {
  authLine,
  bannerLine,
  catalogueLine,
  describeServer,
  transportLine,
  type ServerDescription,
} from '../../src/composition/describe-server.js';
import { packageInfo } from '../../src/composition/package-info.js';
import { testContainer } from '../support/test-container.js';

const DESCRIPTION: ServerDescription = {
  version: '1.2.3',
  tools: ['wait', 'build'],
  auth: 'anonymous',
  transport: 'http',
  httpMode: 'session',
  bind: '127.0.0.1:3000',
  tls: false,
  store: 'memory (tasks live in this process and end with it)',
};

describe('describeServer', () => {
  it('says what a container would serve', () => {
    const { container } = testContainer({ TASK_MCP_PORT: '4100', TASK_MCP_DEMO_TOOLS: 'true' });
    const description = describeServer(container);
    expect(description).toMatchObject({
      version: packageInfo().version,
      auth: 'anonymous',
      transport: 'http',
      httpMode: 'session',
      bind: '127.0.0.1:4100',
      tls: false,
      store: 'memory (tasks live in this process and end with it)',
    });
    expect(description.tools).toEqual(expect.arrayContaining(['wait', 'countdown']));
    expect(description.catalogue).toMatchObject({ demoTools: true });
    expect(description.catalogue!.jobs).toContain('countdown');
  });

  it('counts the tools that follow a task among the tools served under taskless handles', () => {
    const four = ['task_status', 'task_result', 'task_cancel', 'task_list'];
    const served = describeServer(testContainer({}).container).tools;
    for (const name of four) expect(served).not.toContain(name);
    const withHandles = testContainer({ TASK_MCP_TASKLESS_CLIENTS: 'handles' }).container;
    expect(describeServer(withHandles).tools).toEqual([...served, ...four]);
  });

  it('names the issuer and audience with authentication, and brackets an IPv6 bind', () => {
    const { container } = testContainer({
      TASK_MCP_AUTH_ISSUER: 'https://idp.example.test',
      TASK_MCP_AUTH_AUDIENCE: 'https://mcp.example.test/mcp',
      TASK_MCP_HOST: '::1',
    });
    expect(describeServer(container)).toMatchObject({
      auth: { issuer: 'https://idp.example.test', audience: 'https://mcp.example.test/mcp' },
      bind: '[::1]:3000',
    });
  });
});

describe('the lines that describe a server', () => {
  it('say who may call', () => {
    expect(authLine(DESCRIPTION)).toBe(
      'anonymous (no authentication; every caller is the owner local)',
    );
    expect(
      authLine({ ...DESCRIPTION, auth: { issuer: 'https://idp', audience: 'https://mcp' } }),
    ).toBe('OAuth 2.1 (issuer https://idp, audience https://mcp)');
  });

  it('say how MCP is served', () => {
    expect(transportLine(DESCRIPTION)).toBe('Streamable HTTP, session mode, on 127.0.0.1:3000');
    expect(transportLine({ ...DESCRIPTION, tls: true, httpMode: 'stateless' })).toBe(
      'Streamable HTTP over TLS, stateless mode, on 127.0.0.1:3000',
    );
    expect(transportLine({ ...DESCRIPTION, transport: 'stdio' })).toBe('stdio');
  });

  it('say which catalogue is served', () => {
    expect(catalogueLine(DESCRIPTION)).toBe('none');
    const catalogue = {
      file: '/etc/jobs.json',
      jobs: ['build', 'test'],
      sandbox: '/srv/box',
      workspaces: '/srv/spaces',
      demoTools: false,
    };
    expect(catalogueLine({ ...DESCRIPTION, catalogue })).toBe('/etc/jobs.json (2 jobs)');
    expect(catalogueLine({ ...DESCRIPTION, catalogue: { ...catalogue, demoTools: true } })).toBe(
      '/etc/jobs.json (2 jobs, demo tools on)',
    );
  });

  it('make one banner line of it all', () => {
    expect(bannerLine(DESCRIPTION)).toBe(
      'task-mcp 1.2.3 | auth: anonymous (no authentication; every caller is the owner local) | ' +
        'transport: Streamable HTTP, session mode, on 127.0.0.1:3000 | catalogue: none | ' +
        'store: memory (tasks live in this process and end with it)',
    );
  });
});
