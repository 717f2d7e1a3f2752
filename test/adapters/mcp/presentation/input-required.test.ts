import { inputRequired } from '../../../../src/adapters/mcp/presentation/input-required.js';

const ask = { method: 'elicitation/create', params: { mode: 'form', message: 'Sure?' } };

describe('inputRequired', () => {
  it('is an InputRequiredResult with its requests and, when given, the state to echo', () => {
    expect(inputRequired({ 'input-1': ask }, 'sealed')).toEqual({
      resultType: 'input_required',
      inputRequests: { 'input-1': ask },
      requestState: 'sealed',
    });
    expect(inputRequired({ 'first-question': ask })).toEqual({
      resultType: 'input_required',
      inputRequests: { 'first-question': ask },
    });
  });
});
