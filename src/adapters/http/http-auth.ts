import type { IncomingMessage } from 'node:http';
import type { AccessPolicy, Operation } from '../../application/policy/access-policy.js';
import {
  AuthenticationError,
  AuthenticationUnavailableError,
  InsufficientScopeError,
  type AuthenticationFailure,
} from '../../application/shared/errors.js';
import type { IdentityProvider, Principal } from '../../application/ports/identity-provider.js';
import type { AuditLog } from '../../application/ports/audit-log.js';
import type { Logger } from '../../application/ports/logger.js';
import { authenticationRefused, scopeRefused, type ChallengeContext } from './bearer-challenge.js';
import { HttpError } from './http-error.js';
import { pathMatcher } from './path-patterns.js';
import {
  ProtectedResourceMetadata,
  type ProtectedResource,
} from './protected-resource-metadata.js';

export interface HttpAuthOptions {
  /** Absent in anonymous mode. */
  readonly resource?: ProtectedResource;
  /** Paths served without authentication (health, metadata); patterns as in pathMatcher. */
  readonly exemptPaths: readonly string[];
  readonly mcpPath: string;
}

/**
 * Everything HTTP needs for OAuth: which paths are open, who is calling (or the 401/400/503 that
 * says why not), whether the token's scopes cover a JSON-RPC body (or the 403 that names them),
 * and the protected resource metadata.
 */
export class HttpAuth {
  readonly metadata: ProtectedResourceMetadata | undefined;
  private readonly exempt: (path: string) => boolean;
  private readonly challenge: ChallengeContext;

  constructor(
    private readonly identity: IdentityProvider,
    private readonly access: AccessPolicy,
    private readonly logger: Logger,
    private readonly audit: AuditLog,
    options: HttpAuthOptions,
  ) {
    // Config refuses patterns that cover the MCP endpoint; should one slip through, the router
    // still serves MCP only with a principal.
    this.exempt = identity.anonymous ? () => false : pathMatcher(options.exemptPaths);
    this.metadata = options.resource
      ? new ProtectedResourceMetadata(options.resource, access, options.mcpPath)
      : undefined;
    this.challenge = {
      baselineScopes: access.baselineScopes(),
      ...(this.metadata ? { resourceMetadata: this.metadata.url } : {}),
    };
  }

  isExempt(path: string): boolean {
    return this.exempt(path);
  }

  /** RFC 6750 forbids tokens in the URI; refuse them loudly rather than ignore them. */
  refuseQueryToken(query: string): void {
    if (new URLSearchParams(query).has('access_token')) {
      throw this.refused(
        'invalid_request',
        'Access tokens in the query string are refused (they end up in logs); send Authorization: Bearer <token>',
      );
    }
  }

  async authenticate(req: IncomingMessage): Promise<Principal> {
    try {
      return await this.identity.authenticate({
        transport: 'http',
        authorization: req.headers.authorization,
        headers: req.headers,
      });
    } catch (error) {
      if (error instanceof AuthenticationError) throw this.refused(error.failure, error.message);
      if (error instanceof AuthenticationUnavailableError) {
        this.audit.record({
          event: 'auth.refused',
          severity: 'error',
          detail: { failure: 'unavailable', reason: error.message },
        });
        throw new HttpError('AUTHENTICATION_UNAVAILABLE', error.message, { 'retry-after': '5' });
      }
      throw error;
    }
  }

  /**
   * Logs a refusal at debug level (an attacker can produce them at will), records it in the audit
   * trail, and builds its reply. The reason never holds the token.
   */
  private refused(failure: AuthenticationFailure, reason: string): HttpError {
    this.logger.debug('authentication refused', { failure, reason });
    this.audit.record({ event: 'auth.refused', severity: 'warn', detail: { failure, reason } });
    return authenticationRefused(failure, reason, this.challenge);
  }

  /** Throws a 403 naming the scopes if any operation of the body is not covered by the token. */
  authorize(principal: Principal, operations: readonly Operation[]): void {
    try {
      this.access.authorizeAll(principal, operations);
    } catch (error) {
      if (!(error instanceof InsufficientScopeError)) throw error;
      throw scopeRefused(error.requiredScopes, error.scopesToRequest, this.challenge);
    }
  }
}
