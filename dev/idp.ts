/**
 * `npm run dev:idp`: a real OAuth 2.1 authorization server on 127.0.0.1 for trying task-mcp's
 * OAuth mode on one machine (the same kind of server the tests use). It issues RFC 9068 JWT access
 * tokens by client_credentials with a resource indicator, and prints the commands to use it.
 * Settings: DEV_IDP_PORT (9400), DEV_IDP_RESOURCE (http://127.0.0.1:3000/mcp).
 */
import { OidcAuthorizationServer } from './oidc-authorization-server.js';

export const DEV_CLIENT = {
  clientId: 'dev-client',
  clientSecret: 'dev-secret',
  scopes: 'tasks:read tasks:create tasks:cancel',
};

const port = Number(process.env.DEV_IDP_PORT ?? 9400);
const resource = process.env.DEV_IDP_RESOURCE ?? 'http://127.0.0.1:3000/mcp';

try {
  const idp = await OidcAuthorizationServer.start(resource, [DEV_CLIENT], port);
  const tokenRequest = [
    'curl -s',
    `-d grant_type=client_credentials`,
    `-d client_id=${DEV_CLIENT.clientId} -d client_secret=${DEV_CLIENT.clientSecret}`,
    `-d resource=${resource}`,
    `-d 'scope=${DEV_CLIENT.scopes}'`,
    `${idp.issuer}/token`,
  ].join(' ');
  console.log(
    [
      `dev authorization server: issuer ${idp.issuer}`,
      `  client ${DEV_CLIENT.clientId} / ${DEV_CLIENT.clientSecret}, scopes ${DEV_CLIENT.scopes}, resource ${resource}`,
      '',
      'Start task-mcp against it (another terminal):',
      `  TASK_MCP_AUTH_ISSUER=${idp.issuer} TASK_MCP_AUTH_AUDIENCE=${resource} npm start`,
      'Get an access token (valid 10 minutes):',
      `  ${tokenRequest}`,
      '',
      'Ctrl-C stops it.',
    ].join('\n'),
  );
  const stop = (): void => void idp.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  console.error(`dev:idp: cannot start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
