import { SETTING_HELP, SETTINGS } from '../../../src/composition/config/settings.js';
import { readme } from '../../support/readme.js';

describe('the settings contract', () => {
  it('documents every setting in --help, and only settings that exist', () => {
    expect(Object.keys(SETTING_HELP).sort()).toEqual(
      [...Object.keys(SETTINGS), 'TASK_MCP_CONFIG_FILE'].sort(),
    );
  });

  it('lists every setting in the README tables, and no setting that does not exist', () => {
    const listed = [...readme.matchAll(/^\| `(TASK_MCP_[A-Z_]+)` \|/gm)].map((match) => match[1]);
    expect([...new Set(listed)].sort()).toEqual(Object.keys(SETTING_HELP).sort());
  });
});
