import { parseCommandLine, UsageError } from '../../../src/composition/cli/command-line.js';

describe('parseCommandLine', () => {
  it.each([
    [[], 'serve'],
    [['serve'], 'serve'],
    [['check'], 'check'],
    [['--help'], 'help'],
    [['-h'], 'help'],
    [['--version'], 'version'],
    [['-v'], 'version'],
    [['check', '--help'], 'help'],
    [['--bogus', '--version'], 'version'],
  ])('%p asks for %s', (argv, command) => {
    expect(parseCommandLine(argv)).toBe(command);
  });

  it.each([
    [['--port=3000'], "unknown option '--port=3000' (see task-mcp --help)"],
    [['start'], "unknown command 'start' (see task-mcp --help)"],
    [['check', 'serve'], 'one command at a time (see task-mcp --help)'],
    [['toString'], "unknown command 'toString' (see task-mcp --help)"],
    [['--\u001b[31mred'], "unknown option '--?[31mred' (see task-mcp --help)"],
  ])('refuses %p with one line', (argv, message) => {
    expect(() => parseCommandLine(argv)).toThrow(UsageError);
    expect(() => parseCommandLine(argv)).toThrow(message);
  });
});
