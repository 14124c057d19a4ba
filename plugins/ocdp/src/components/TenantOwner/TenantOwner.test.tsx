import { screen } from '@testing-library/react';
import { personalTenant, teamTenant } from '../../__testUtils__/fixtures';
import { fakeEntityPresentationApi } from '../../__testUtils__/catalog';
import { mockOcdpApi } from '../../__testUtils__/mockOcdpApi';
import { denyAllPermissions } from '../../__testUtils__/permissions';
import { renderWithOcdp } from '../../__testUtils__/renderWithOcdp';
import { TenantOwner, TenantSubheader } from './TenantOwner';

describe('TenantOwner', () => {
  it('shows the owner by display name, linking to its entity page', async () => {
    await renderWithOcdp(
      <>
        <TenantOwner owner="user:default/ben" />
        <TenantSubheader tenant={teamTenant} />
      </>,
      {
        ocdpApi: mockOcdpApi(),
        permissionApi: denyAllPermissions(),
        entityPresentationApi: fakeEntityPresentationApi(),
      },
    );
    expect(screen.getByRole('link', { name: 'Ben Okafor' })).toHaveAttribute(
      'href',
      '/catalog/default/user/ben',
    );
    expect(screen.getByText(/^Team tenant of/)).toHaveTextContent(
      'Team tenant of Team Vision',
    );
    expect(screen.getByRole('link', { name: 'Team Vision' })).toHaveAttribute(
      'href',
      '/catalog/default/group/team-vision',
    );
  });

  it('falls back to the name of an owner the catalog does not know', async () => {
    await renderWithOcdp(<TenantSubheader tenant={personalTenant} />, {
      ocdpApi: mockOcdpApi(),
      permissionApi: denyAllPermissions(),
    });
    expect(screen.getByText(/^Personal tenant of/)).toHaveTextContent(
      'Personal tenant of ben',
    );
    expect(screen.getByRole('link', { name: 'ben' })).toHaveAttribute(
      'href',
      '/catalog/default/user/ben',
    );
  });
});
