import {
  answersWithHandle,
  HANDLE_TOOLS,
  RESULT_WAIT_SECONDS,
} from '../../../../src/adapters/mcp/taskless/taskless-clients.js';

describe('the taskless-clients setting', () => {
  it('answers a handle for every tool that may run as a task, and never for a forbidden one', () => {
    expect(answersWithHandle('required')).toBe(true);
    expect(answersWithHandle('optional')).toBe(true);
    expect(answersWithHandle('forbidden')).toBe(false);
  });

  it('adds four tools whose names say what they do, in the naming of tasks/*', () => {
    expect(Object.values(HANDLE_TOOLS)).toEqual([
      'task_status',
      'task_result',
      'task_cancel',
      'task_list',
    ]);
  });

  it('waits for a result a bounded time, by default well within a client request timeout', () => {
    expect(RESULT_WAIT_SECONDS.default).toBe(20);
    expect(RESULT_WAIT_SECONDS.max).toBe(60);
  });
});
