/**
 * What the lifecycle needs of a transport's server: HttpServer and StdioServer both have
 * this shape. Stopping goes refuse, drain, close, in that order.
 */
export interface FrontDoor {
  /**
   * Starts serving. Resolves with the MCP URL for HTTP. `onEnded` is called (at most once) when the
   * transport ends by itself, as stdio does when the client closes stdin.
   */
  start(onEnded: () => void): Promise<URL | undefined>;
  /** New requests are refused from now on; those in flight go on. */
  refuseNewRequests(): void;
  /** Resolves once the requests in flight have been answered. */
  drain(): Promise<void>;
  /** Closes every connection and stops serving. */
  close(): Promise<void>;
}
