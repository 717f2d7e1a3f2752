import type { StoreRuntime } from '../../../application/ports/store-runtime.js';

/** The in-memory store lives and dies with the process: nothing to open, migrate or close. */
export const MEMORY_STORE_RUNTIME: StoreRuntime = {
  description: 'memory (tasks live in this process and end with it)',
  open: async () => undefined,
  close: async () => undefined,
};
