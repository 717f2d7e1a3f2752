import 'reflect-metadata';
import { WorkAdmission } from '../../../src/application/services/work-admission.js';
import { ServerShuttingDownError } from '../../../src/application/shared/errors.js';

describe('WorkAdmission', () => {
  it('admits work until it is closed, and refuses it from then on', () => {
    const admission = new WorkAdmission();
    expect(() => admission.assertOpen()).not.toThrow();
    admission.close();
    expect(() => admission.assertOpen()).toThrow(ServerShuttingDownError);
    expect(() => admission.assertOpen()).toThrow(ServerShuttingDownError);
  });
});
