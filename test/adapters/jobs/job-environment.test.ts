import { childEnvironment, isSecretName } from '../../../src/adapters/jobs/job-environment.js';

describe('a job environment', () => {
  it('holds only the allowed names that are set, plus fixed values', () => {
    const server = { PATH: '/usr/bin', HOME: '/root', AWS_SECRET_ACCESS_KEY: 'x', EDITOR: 'vi' };
    expect(childEnvironment(['PATH', 'LANG'], { CI: 'true' }, server)).toEqual({
      PATH: '/usr/bin',
      CI: 'true',
    });
  });

  it('drops secret-looking names even when allowed', () => {
    expect(childEnvironment(['GITHUB_TOKEN'], { DB_PASSWORD: 'x' }, { GITHUB_TOKEN: 'y' })).toEqual(
      {},
    );
  });

  it.each([
    'GITHUB_TOKEN',
    'NPM_TOKEN',
    'AWS_SECRET_ACCESS_KEY',
    'DB_PASSWORD',
    'PGPASSWORD',
    'API_KEY',
    'OPENAI_API_KEY',
    'SSH_AUTH_SOCK',
    'PRIVATE_KEY_PATH',
    'TASK_MCP_AUTH_ISSUER',
    'KEY',
  ])('treats %s as a secret', (name) => {
    expect(isSecretName(name)).toBe(true);
  });

  it.each(['PATH', 'HOME', 'LANG', 'NODE_ENV', 'CI', 'KEYBOARD', 'MONKEY'])(
    'lets %s through',
    (name) => {
      expect(isSecretName(name)).toBe(false);
    },
  );
});
