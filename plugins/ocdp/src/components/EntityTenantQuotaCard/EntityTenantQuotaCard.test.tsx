import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen } from '@testing-library/react';
import {
  personalTenant,
  teamTenant,
  teamUsage,
} from '../../__testUtils__/fixtures';
import { mockOcdpApi } from '../../__testUtils__/mockOcdpApi';
import { denyAllPermissions } from '../../__testUtils__/permissions';
import { renderWithOcdp } from '../../__testUtils__/renderWithOcdp';
import { fakeEntityPresentationApi } from '../../__testUtils__/catalog';
import { EntityTenantQuotaCard } from './EntityTenantQuotaCard';

const entity = (kind: string, name: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default' },
  spec: {},
});

describe('EntityTenantQuotaCard', () => {
  it("shows used / hard per resource for the entity's tenants", async () => {
    const ocdpApi = mockOcdpApi({
      listTenants: jest.fn(async () => [teamTenant, personalTenant]),
      getTenantUsage: jest.fn(async () => teamUsage),
    });
    await renderWithOcdp(
      <EntityProvider entity={entity('Group', 'team-vision')}>
        <EntityTenantQuotaCard />
      </EntityProvider>,
      { ocdpApi, permissionApi: denyAllPermissions() },
    );

    expect(await screen.findByText('2 cores / 8 cores')).toBeInTheDocument();
    expect(screen.getByText('vision')).toBeInTheDocument();
    expect(screen.getByText('4 GiB / unlimited')).toBeInTheDocument();
    expect(screen.getByText('0 / 0 (none allowed)')).toBeInTheDocument();
    expect(screen.queryByText('u-ben')).not.toBeInTheDocument();
    expect(ocdpApi.getTenantUsage).toHaveBeenCalledTimes(1);
    expect(ocdpApi.getTenantUsage).toHaveBeenCalledWith('vision');
  });

  it("asks the server for the entity's tenants and names their owner", async () => {
    const ocdpApi = mockOcdpApi({
      listTenants: jest.fn(async () => [teamTenant, personalTenant]),
      getTenantUsage: jest.fn(async () => teamUsage),
    });
    await renderWithOcdp(
      <EntityProvider entity={entity('Group', 'team-vision')}>
        <EntityTenantQuotaCard />
      </EntityProvider>,
      {
        ocdpApi,
        permissionApi: denyAllPermissions(),
        entityPresentationApi: fakeEntityPresentationApi(),
      },
    );
    expect(await screen.findByText(/^Team tenant of/)).toHaveTextContent(
      'Team tenant of Team Vision',
    );
    expect(screen.getByRole('link', { name: 'Team Vision' })).toHaveAttribute(
      'href',
      '/catalog/default/group/team-vision',
    );
    expect(ocdpApi.listTenantsPage).toHaveBeenCalledWith({
      owner: 'group:default/team-vision',
    });
  });

  it('says so when the entity owns no tenant', async () => {
    const ocdpApi = mockOcdpApi({
      listTenants: jest.fn(async () => [teamTenant]),
    });
    await renderWithOcdp(
      <EntityProvider entity={entity('User', 'carol')}>
        <EntityTenantQuotaCard />
      </EntityProvider>,
      { ocdpApi, permissionApi: denyAllPermissions() },
    );
    expect(await screen.findByText('No OCDP tenant')).toBeInTheDocument();
  });
});
