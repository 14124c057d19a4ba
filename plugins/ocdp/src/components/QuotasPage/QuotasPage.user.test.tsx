import { screen } from '@testing-library/react';
import { mockOcdpApi } from '../../__testUtils__/mockOcdpApi';
import { denyAllPermissions } from '../../__testUtils__/permissions';
import { personalTenant, personalUsage } from '../../__testUtils__/fixtures';
import { renderWithOcdp } from '../../__testUtils__/renderWithOcdp';
import { fakeEntityPresentationApi } from '../../__testUtils__/catalog';
import { QuotasPage } from './QuotasPage';

describe('QuotasPage for an ordinary user', () => {
  it('shows their tenants read-only, with what is left of each quota', async () => {
    const ocdpApi = mockOcdpApi({
      listTenants: jest.fn(async () => [personalTenant]),
      getTenantUsage: jest.fn(async () => personalUsage),
    });
    await renderWithOcdp(<QuotasPage />, {
      ocdpApi,
      permissionApi: denyAllPermissions(),
      entityPresentationApi: fakeEntityPresentationApi(),
    });

    expect(await screen.findByText('My quotas')).toBeInTheDocument();
    // The owner is shown by its catalog display name, linked to its entity page.
    expect(screen.getByText(/^Personal tenant of/)).toHaveTextContent(
      'Personal tenant of Ben Okafor',
    );
    expect(screen.getByRole('link', { name: 'Ben Okafor' })).toHaveAttribute(
      'href',
      '/catalog/default/user/ben',
    );
    expect(await screen.findByText('1.5 cores / 4 cores')).toBeInTheDocument();
    expect(screen.getByText('2.5 cores available')).toBeInTheDocument();
    expect(screen.getByText('4 GiB / 16 GiB')).toBeInTheDocument();
    expect(screen.getByText('12 GiB available')).toBeInTheDocument();

    expect(screen.queryByText('Create tenant')).not.toBeInTheDocument();
    expect(screen.queryByText('Edit quota')).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /delete/i }),
    ).not.toBeInTheDocument();
    expect(ocdpApi.getTenantUsage).toHaveBeenCalledWith('u-ben');
  });

  it('says so when the user has no tenant', async () => {
    await renderWithOcdp(<QuotasPage />, {
      ocdpApi: mockOcdpApi({ listTenants: async () => [] }),
      permissionApi: denyAllPermissions(),
    });
    expect(await screen.findByText('No OCDP tenant')).toBeInTheDocument();
  });
});
