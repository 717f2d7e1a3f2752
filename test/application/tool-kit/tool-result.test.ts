import { errorResult, resultAsJson } from '../../../src/application/tool-kit/tool-result.js';

describe('tool results', () => {
  it('puts a failure’s reason in one text block and marks it as an error', () => {
    expect(errorResult('The job exited with code 2')).toEqual({
      content: [{ type: 'text', text: 'The job exited with code 2' }],
      isError: true,
    });
  });

  it('stores a result as the very JSON the tool returned', () => {
    const result = {
      content: [{ type: 'text' as const, text: 'ok' }],
      structuredContent: { n: 1 },
    };
    expect(resultAsJson(result)).toBe(result);
    expect(JSON.parse(JSON.stringify(resultAsJson(result)))).toEqual(result);
  });
});
