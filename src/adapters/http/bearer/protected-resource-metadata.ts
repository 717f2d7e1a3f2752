import type { AccessPolicy } from '../../../application/policy/access-policy.js';

/** What makes this server an OAuth protected resource. Absent in anonymous mode. */
export interface ProtectedResource {
  readonly issuer: string;
  /** The resource URL tokens must be issued for (RFC 8707), e.g. https://mcp.example.com/mcp. */
  readonly audience: string;
}

const WELL_KNOWN = '/.well-known/oauth-protected-resource';

/** RFC 9728 metadata, and where it is served: the root form and the path-suffixed forms. */
export class ProtectedResourceMetadata {
  /** The URL clients are sent to from a WWW-Authenticate challenge. */
  readonly url: string;
  readonly paths: ReadonlySet<string>;
  readonly document: Readonly<Record<string, unknown>>;

  constructor(resource: ProtectedResource, access: AccessPolicy, mcpPath: string) {
    const audience = new URL(resource.audience);
    const suffix = audience.pathname === '/' ? '' : audience.pathname.replace(/\/+$/, '');
    this.url = `${audience.origin}${WELL_KNOWN}${suffix}`;
    this.paths = new Set([WELL_KNOWN, `${WELL_KNOWN}${suffix}`, `${WELL_KNOWN}${mcpPath}`]);
    this.document = Object.freeze({
      resource: resource.audience,
      authorization_servers: [resource.issuer],
      scopes_supported: [...access.supportedScopes()],
      bearer_methods_supported: ['header'],
      resource_name: 'task-mcp',
    });
  }
}
