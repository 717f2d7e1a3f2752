/** What the command line asks for. */
export type Command = 'serve' | 'check' | 'migrate' | 'help' | 'version';

/** A command line that cannot be understood; phrased as the one line the CLI prints. */
export class UsageError extends Error {}

const COMMANDS: ReadonlyMap<string, Command> = new Map([
  ['serve', 'serve'],
  ['check', 'check'],
  ['migrate', 'migrate'],
]);

const FLAGS: ReadonlyMap<string, Command> = new Map([
  ['--help', 'help'],
  ['-h', 'help'],
  ['--version', 'version'],
  ['-v', 'version'],
]);

/**
 * Reads argv (without node and the script). `--help` and `--version` win over anything else, so
 * they always answer instead of starting a server; anything unknown is refused.
 */
export function parseCommandLine(argv: readonly string[]): Command {
  let command: Command | undefined;
  for (const arg of argv) {
    const flag = FLAGS.get(arg);
    if (flag) return flag;
  }
  for (const arg of argv) {
    const named = COMMANDS.get(arg);
    if (!named) {
      const what = arg.startsWith('-') ? 'option' : 'command';
      throw new UsageError(`unknown ${what} '${printable(arg)}' (see task-mcp --help)`);
    }
    if (command) throw new UsageError(`one command at a time (see task-mcp --help)`);
    command = named;
  }
  return command ?? 'serve';
}

/** An argument as it may be echoed on one line: no control characters, not too long. */
function printable(arg: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = arg.replace(/[\u0000-\u001f\u007f]/g, '?');
  return clean.length > 64 ? `${clean.slice(0, 64)}...` : clean;
}
