/** How the server introduces itself in the initialize result. */
export interface ServerInfo {
  readonly name: string;
  readonly version: string;
}

export const SERVER_INFO = Symbol('ServerInfo');
