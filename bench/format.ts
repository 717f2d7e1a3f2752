import type { LoadResult } from './http-load.js';

export const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
export const pad = (text: string, width: number): string => text.padEnd(width);
/** A window's median and 99th percentile latency, in ms. */
export const latency = (r: LoadResult): string => `${r.p50Ms.toFixed(2)}/${r.p99Ms.toFixed(2)}`;
