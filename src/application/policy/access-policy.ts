import { inject, injectable, optional } from 'inversify';
import { InsufficientScopeError } from '../shared/errors.js';
import { AUDIT_LOG, NO_AUDIT_LOG, type AuditLog } from '../ports/audit-log.js';
import type { Principal } from '../ports/identity-provider.js';
import { ToolRegistry } from '../services/tool-registry.js';

/** What a request asks to do, in the terms scopes are granted for. */
export type Operation =
  | { readonly kind: 'read' }
  | { readonly kind: 'cancel' }
  | { readonly kind: 'answer' }
  | { readonly kind: 'call'; readonly tool: string };

export const READ_TASKS: Operation = Object.freeze({ kind: 'read' });
export const CANCEL_TASKS: Operation = Object.freeze({ kind: 'cancel' });
/** Answering a task's question goes on with the call that started it: the tools/call scope. */
export const ANSWER_TASKS: Operation = Object.freeze({ kind: 'answer' });
export const callTool = (tool: string): Operation => ({ kind: 'call', tool });

/** Which scopes each operation needs. The composition root builds it from config. */
export interface ScopeRules {
  /** False when there is no authorization server (anonymous mode): nothing is required. */
  readonly enforced: boolean;
  /** tasks/get, tasks/result and tasks/list. */
  readonly read: readonly string[];
  /** Any tools/call, whatever the tool; also answering a task's question. */
  readonly call: readonly string[];
  /** tasks/cancel. */
  readonly cancel: readonly string[];
  /** Extra scopes per tool; replaces the tool's own `requiredScopes` where given. */
  readonly tools: Readonly<Record<string, readonly string[]>>;
}

export const SCOPE_RULES = Symbol('ScopeRules');

export const DEFAULT_SCOPE_RULES: ScopeRules = {
  enforced: false,
  read: ['tasks:read'],
  call: ['tasks:create'],
  cancel: ['tasks:cancel'],
  tools: {},
};

const NOTHING: readonly string[] = Object.freeze([]);

/**
 * The one place that decides whether a principal may do an operation. Use cases call
 * `authorize` before touching anything, so a refusal reveals nothing about tasks; the HTTP layer
 * calls `missingScopes` first to answer 403 with the scopes a client should ask for.
 */
@injectable()
export class AccessPolicy {
  private readonly byTool = new Map<string, readonly string[]>();
  private readonly forUnknownTool: readonly string[];

  constructor(
    @inject(SCOPE_RULES) private readonly rules: ScopeRules,
    @inject(ToolRegistry) tools: ToolRegistry,
    @inject(AUDIT_LOG) @optional() private readonly audit: AuditLog = NO_AUDIT_LOG,
  ) {
    for (const name of Object.keys(rules.tools)) {
      if (!tools.has(name)) {
        throw new Error(`TASK_MCP_AUTH_TOOL_SCOPES: this server has no tool named '${name}'`);
      }
    }
    for (const tool of tools.all()) {
      const own = rules.tools[tool.name] ?? tool.requiredScopes ?? [];
      this.byTool.set(tool.name, unique([...rules.call, ...own]));
    }
    // An unknown tool needs the common scope only; the use case then says the tool is unknown.
    this.forUnknownTool = unique(rules.call);
  }

  get enforced(): boolean {
    return this.rules.enforced;
  }

  requiredScopes(operation: Operation): readonly string[] {
    if (!this.rules.enforced) return NOTHING;
    switch (operation.kind) {
      case 'read':
        return this.rules.read;
      case 'cancel':
        return this.rules.cancel;
      case 'answer':
        return this.rules.call;
      case 'call':
        return this.byTool.get(operation.tool) ?? this.forUnknownTool;
    }
  }

  missingScopes(principal: Principal, operation: Operation): readonly string[] {
    const required = this.requiredScopes(operation);
    if (required.length === 0) return NOTHING;
    return required.filter((scope) => !principal.scopes.includes(scope));
  }

  /** Throws InsufficientScopeError naming every scope the operation needs. */
  authorize(principal: Principal, operation: Operation): void {
    // The hot path (every use case) allocates nothing when the token has what it needs.
    if (this.missingScopes(principal, operation).length > 0) {
      this.authorizeAll(principal, [operation]);
    }
  }

  /**
   * Throws InsufficientScopeError, recorded in the audit trail, when any of the operations (a
   * JSON-RPC body's) is not covered: it names every scope they need, and what to ask for.
   */
  authorizeAll(principal: Principal, operations: readonly Operation[]): void {
    if (!this.rules.enforced) return;
    const missing = unique(operations.flatMap((op) => this.missingScopes(principal, op)));
    if (missing.length === 0) return;
    const required = unique(operations.flatMap((op) => this.requiredScopes(op)));
    this.audit.record({
      event: 'scope.refused',
      severity: 'warn',
      owner: principal.owner,
      detail: { required: required.join(' '), missing: missing.join(' ') },
    });
    throw new InsufficientScopeError(required, this.scopesToRequest(principal, required));
  }

  /**
   * The scopes a step-up should ask for: every scope the request needs, with those the token
   * already holds among this server's own (MCP's recommended scope-challenge approach). A client
   * that replaces its token's scopes with these keeps what it could do before.
   */
  private scopesToRequest(principal: Principal, required: readonly string[]): readonly string[] {
    const supported = this.supportedScopes();
    const kept = principal.scopes.filter((scope) => supported.includes(scope));
    return unique([...required, ...kept]);
  }

  /** Every scope this server may ask for, for protected resource metadata. */
  supportedScopes(): readonly string[] {
    if (!this.rules.enforced) return NOTHING;
    return unique([
      ...this.rules.read,
      ...this.rules.call,
      ...this.rules.cancel,
      ...[...this.byTool.values()].flat(),
    ]);
  }

  /** The scopes for everyday use (read, call, cancel), offered in a 401 challenge. */
  baselineScopes(): readonly string[] {
    if (!this.rules.enforced) return NOTHING;
    return unique([...this.rules.read, ...this.rules.call, ...this.rules.cancel]);
  }
}

function unique(scopes: readonly string[]): readonly string[] {
  return Object.freeze([...new Set(scopes)]);
}
