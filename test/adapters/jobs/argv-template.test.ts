import { placeholdersIn, renderArgs } from '../../../src/adapters/jobs/argv-template.js';

describe('argv templates', () => {
  it('puts each value inside its one element, whatever it holds', () => {
    expect(
      renderArgs(['test', '--grep={{pattern}}', '{{pattern}}'], { pattern: 'a b; rm -rf / $(x)' }),
    ).toEqual(['test', '--grep=a b; rm -rf / $(x)', 'a b; rm -rf / $(x)']);
  });

  it('renders integers and booleans as text', () => {
    expect(renderArgs(['-n', '{{count}}', '{{flag}}'], { count: 3, flag: false })).toEqual([
      '-n',
      '3',
      'false',
    ]);
  });

  it('includes a group when its parameter is set or true, and leaves it out otherwise', () => {
    const args = [
      'test',
      { if: 'pattern', args: ['--testNamePattern', '{{pattern}}'] },
      { if: 'coverage', args: ['--coverage'] },
    ];
    expect(renderArgs(args, { coverage: false })).toEqual(['test']);
    expect(renderArgs(args, { pattern: 'login', coverage: true })).toEqual([
      'test',
      '--testNamePattern',
      'login',
      '--coverage',
    ]);
  });

  it('does not expand a placeholder found inside a value', () => {
    expect(renderArgs(['{{a}}', '{{b}}'], { a: '{{b}}', b: 'x' })).toEqual(['{{b}}', 'x']);
  });

  it('finds placeholders and flags malformed ones', () => {
    expect(placeholdersIn('build-{{target}}-{{mode}}')).toEqual({ names: ['target', 'mode'] });
    expect(placeholdersIn('{{target').problem).toMatch(/malformed/);
    expect(placeholdersIn('{{ target }}').problem).toMatch(/malformed/);
  });
});
