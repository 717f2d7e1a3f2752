import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVER_INFO, type ServerInfo } from '../../../src/adapters/mcp/server-info.js';
import { repoRoot } from '../../support/isolated-env.js';
import { testContainer } from '../../support/test-container.js';

describe('SERVER_INFO', () => {
  it('is bound to the name and version package.json gives the server', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as ServerInfo;
    const { container } = testContainer();
    expect(typeof SERVER_INFO).toBe('symbol');
    expect(container.get<ServerInfo>(SERVER_INFO)).toEqual({
      name: pkg.name,
      version: pkg.version,
    });
  });
});
