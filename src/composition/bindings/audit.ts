import type { Container } from 'inversify';
import { AUDIT_LOG, NO_AUDIT_LOG } from '../../application/ports/audit-log.js';
import { PinoAuditLog } from '../../adapters/audit/pino-audit-log.js';
import type { ServerSecret } from '../../adapters/crypto/server-secret.js';
import type { Config } from '../config/load-config.js';
import { SERVER_SECRET } from '../tokens.js';

/** The audit trail: off unless TASK_MCP_AUDIT_LOG names where it goes. */
export function bindAudit(container: Container, config: Config): void {
  const destination = config.TASK_MCP_AUDIT_LOG;
  if (destination === undefined) {
    container.bind(AUDIT_LOG).toConstantValue(NO_AUDIT_LOG);
    return;
  }
  container.bind(AUDIT_LOG).toDynamicValue(
    (context) =>
      new PinoAuditLog({
        destination,
        ...(config.TASK_MCP_AUDIT_HASH_OWNERS
          ? { hashOwnersWith: context.get<ServerSecret>(SERVER_SECRET) }
          : {}),
      }),
  );
}
