/** What /ready reports: ready only when every check is `ok`. */
export interface ReadinessReport {
  readonly ready: boolean;
  readonly checks: Readonly<Record<string, string>>;
}

/** The operator's pages the HTTP server serves beside MCP: readiness and metrics. */
export interface OperationsPages {
  readiness(): Promise<ReadinessReport>;
  metrics(): Promise<{ readonly contentType: string; readonly text: string }>;
}
