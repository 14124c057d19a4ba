import { teamUsage } from '../../../__testUtils__/fixtures';
import { editedBindingFromUsage } from './editedBinding';

describe('editedBindingFromUsage', () => {
  it('edits the stored spec at its version, whatever the live quota says', () => {
    const usage = {
      ...teamUsage.bindings[0],
      live: { hard: { 'requests.cpu': '99' }, used: {} },
    };
    expect(editedBindingFromUsage(usage)).toEqual({
      cluster: 'demo',
      namespace: 'vision',
      quota: teamUsage.bindings[0].spec,
      version: 3,
    });
  });
});
