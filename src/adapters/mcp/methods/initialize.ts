import {
  LATEST_PROTOCOL_VERSION,
  SUPPORTED_PROTOCOL_VERSIONS,
} from '@modelcontextprotocol/sdk/types.js';
import { inject, injectable } from 'inversify';
import type { JsonObject } from '../../../domain/index.js';
import type { ClientDeclaration } from '../link/request-link.js';
import { SERVER_INFO, type ServerInfo } from '../server-info.js';
import type { McpMethod, MethodVersion, RawParams, Scope2025 } from './mcp-method.js';
import { optionalObject, requiredString } from './param-readers.js';

/** What a 2025-11-25 server declares: tools, tasks (list, cancel, task-augmented tools/call), logging. */
export const CAPABILITIES_2025 = Object.freeze({
  tools: { listChanged: false },
  // logging/setLevel is answered; tools send no log messages.
  logging: {},
  tasks: { list: {}, cancel: {}, requests: { tools: { call: {} } } },
});

/**
 * initialize (2025-11-25 and earlier): the protocol version both speak (the client's, when this
 * server speaks it; else the newest it does), the server's capabilities and identity. A session or
 * stdio connection keeps what the client declared (its capabilities decide whether it is asked
 * questions); stateless HTTP keeps nothing.
 */
@injectable()
export class Initialize implements McpMethod {
  readonly name = 'initialize';
  readonly v2025: MethodVersion<ClientDeclaration, Scope2025>;

  constructor(@inject(SERVER_INFO) info: ServerInfo) {
    const serverInfo = { name: info.name, version: info.version };
    this.v2025 = {
      parse: readDeclaration,
      serve(declared, { link }): Promise<JsonObject> {
        const protocolVersion = SUPPORTED_PROTOCOL_VERSIONS.includes(declared.protocolVersion)
          ? declared.protocolVersion
          : LATEST_PROTOCOL_VERSION;
        link.initialize({ ...declared, protocolVersion });
        return Promise.resolve({
          protocolVersion,
          capabilities: CAPABILITIES_2025,
          serverInfo,
        } as unknown as JsonObject);
      },
    };
  }
}

function readDeclaration(params: RawParams): ClientDeclaration {
  return {
    protocolVersion: requiredString(params, 'protocolVersion'),
    capabilities: optionalObject(params, 'capabilities') ?? {},
    clientInfo: optionalObject(params, 'clientInfo') ?? {},
  };
}
