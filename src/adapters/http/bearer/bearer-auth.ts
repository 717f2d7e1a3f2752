import type { IncomingMessage } from 'node:http';
import { inject, injectable } from 'inversify';
import { AccessPolicy } from '../../../application/policy/access-policy.js';
import {
  AuthenticationError,
  AuthenticationUnavailableError,
  type AuthenticationFailure,
  type InsufficientScopeError,
} from '../../../application/shared/errors.js';
import {
  IDENTITY_PROVIDER,
  type IdentityProvider,
  type Principal,
} from '../../../application/ports/identity-provider.js';
import { AUDIT_LOG, type AuditLog } from '../../../application/ports/audit-log.js';
import { LOGGER, type Logger } from '../../../application/ports/logger.js';
import { authenticationRefused, scopeRefused, type ChallengeContext } from './bearer-challenge.js';
import { HttpError } from '../http-error.js';
import { pathMatcher } from '../path-patterns.js';
import {
  ProtectedResourceMetadata,
  type ProtectedResource,
} from './protected-resource-metadata.js';

export interface BearerAuthSettings {
  /** Absent in anonymous mode. */
  readonly resource?: ProtectedResource;
  /** Paths served without authentication (health, metadata); patterns as in pathMatcher. */
  readonly exemptPaths: readonly string[];
  readonly mcpPath: string;
}

export const BEARER_AUTH_SETTINGS = Symbol('BearerAuthSettings');

/**
 * OAuth on HTTP: which paths are open, who is calling (or the 401/400/503 that says why not), the
 * 403 challenge for scopes a token lacks, and the protected resource metadata.
 */
@injectable()
export class BearerAuth {
  readonly metadata: ProtectedResourceMetadata | undefined;
  private readonly exempt: (path: string) => boolean;
  private readonly challenge: ChallengeContext;
  private anonymous?: Principal;

  constructor(
    @inject(IDENTITY_PROVIDER) private readonly identity: IdentityProvider,
    @inject(AccessPolicy) access: AccessPolicy,
    @inject(LOGGER) private readonly logger: Logger,
    @inject(AUDIT_LOG) private readonly audit: AuditLog,
    @inject(BEARER_AUTH_SETTINGS) settings: BearerAuthSettings,
  ) {
    // Config refuses patterns that cover the MCP endpoint; should one slip through, the MCP route
    // still serves only with a principal.
    this.exempt = identity.anonymous ? () => false : pathMatcher(settings.exemptPaths);
    this.metadata = settings.resource
      ? new ProtectedResourceMetadata(settings.resource, access, settings.mcpPath)
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

  /**
   * The one principal every request has when nobody authenticates (anonymous mode), once known:
   * the caller can then skip asking for it.
   */
  get anonymousPrincipal(): Principal | undefined {
    return this.anonymous;
  }

  async authenticate(req: IncomingMessage): Promise<Principal> {
    try {
      const principal = await this.identity.authenticate({
        transport: 'http',
        authorization: req.headers.authorization,
        headers: req.headers,
      });
      if (this.identity.anonymous) this.anonymous = principal;
      return principal;
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

  /** The 403 for scopes a request needs that the token lacks, with the challenge naming them. */
  scopeRefusal(error: InsufficientScopeError): HttpError {
    return scopeRefused(error.requiredScopes, error.scopesToRequest, this.challenge);
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
}
