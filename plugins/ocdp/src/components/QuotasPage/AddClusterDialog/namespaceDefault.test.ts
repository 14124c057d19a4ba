import { personalTenant, teamTenant } from '../../../__testUtils__/fixtures';
import { namespaceDefault } from './namespaceDefault';

describe('namespaceDefault', () => {
  it('is the tenant name for a team tenant', () => {
    expect(namespaceDefault(teamTenant)).toEqual({
      placeholder: 'vision',
      hint: 'Blank = tenant name',
    });
  });

  it("is the owner's personal namespace for a personal tenant", () => {
    expect(namespaceDefault(personalTenant)).toEqual({
      placeholder: 'ocdp-u-ben',
      hint: "Blank = the owner's personal namespace",
    });
    expect(namespaceDefault({ ...personalTenant, bindings: [] })).toEqual({
      placeholder: 'personal namespace',
      hint: "Blank = the owner's personal namespace",
    });
  });
});
