/**
 * How to add your own task tool: write a class with a zod input schema and a run(args, ctx)
 * method, bind it to TASK_TOOL in the container, start the server. Run it with
 *   npm run build && node dist/examples/hash-chain-tool.js
 * and call `hash_chain` from any MCP client as a task.
 */
import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { injectable } from 'inversify';
import { z } from 'zod';
import {
  buildContainer,
  loadConfig,
  serve,
  TASK_TOOL,
  type Config,
  type TaskContext,
  type TaskTool,
  type ToolResult,
} from '../src/index.js';

const input = z.object({
  seed: z.string().max(1024).describe('Text to start the chain from'),
  rounds: z.number().int().min(1).max(100_000_000).describe('How many times to hash'),
});

@injectable()
export class HashChainTool implements TaskTool<typeof input> {
  readonly name = 'hash_chain';
  readonly description =
    'Hashes a seed with SHA-256 `rounds` times; slow on purpose, so run it as a task.';
  readonly inputSchema = input;
  readonly taskSupport = 'required';

  async run({ seed, rounds }: z.output<typeof input>, ctx: TaskContext): Promise<ToolResult> {
    let digest = Buffer.from(seed);
    for (let round = 1; round <= rounds; round++) {
      digest = createHash('sha256').update(digest).digest();
      if (round % 100_000 === 0) {
        if (ctx.signal.aborted) throw new Error('stopped');
        await ctx.reportProgress(round, rounds, 'Hashing');
        await yieldToEventLoop();
      }
    }
    return { content: [{ type: 'text', text: digest.toString('hex') }] };
  }
}

/** The stock container plus one binding: that is all a new tool needs. */
export function buildExampleContainer(config: Config) {
  const container = buildContainer(config);
  container.bind(TASK_TOOL).to(HashChainTool);
  return container;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exit(await serve(buildExampleContainer(loadConfig(process.env))));
}
